import { describe, expect, it, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { MailAccount } from '../core/auth.types.ts';
import { AccountWatcher } from './account-watcher.ts';

/** A session without a watcher (poll mode): `listCounts` is its login check; `refuse` makes it fail as a bad login. */
function session() {
  const states: string[] = [];
  let refuse = true;
  const account = { email: 'a@example.test', login: 'a', password: 'pw' } as MailAccount;
  const live = new AccountWatcher({
    account: () => account,
    connectWatcher: null,
    sync: async () => ({
      reset: false,
      total: 0,
      unread: 0,
      syncToken: 't',
      diff: { added: [], changed: [], removed: [] },
    }),
    listCounts: async () => {
      if (refuse) throw Object.assign(new Error('refused'), { code: 'auth.invalid_credentials' });
      return [];
    },
    emit: (event, payload) => {
      if (event === 'account.stateChanged') states.push((payload as unknown as { state: string }).state);
    },
    backoff: () => 1_000,
    pollMs: 60_000,
    log: { warn: () => {} },
  });
  return { live, states, accept: () => (refuse = false) };
}

describe('AccountWatcher after a refused login (reauth)', () => {
  it('retries the refused password only when a sign-in has just verified it', async () => {
    const s = session();
    s.live.start();
    await vi.waitFor(() => expect(s.live.state).toBe('reauth'));
    s.accept(); // the mail server takes the same password again (an SMTP 535 that passed)

    s.live.accountChanged(); // a device's stored cookie with the refused password: no retry
    expect(s.live.state).toBe('reauth');

    s.live.accountChanged(true); // a sign-in proved it
    await vi.waitFor(() => expect(s.live.state).toBe('live'));
    expect(s.states).toEqual(['reauth', 'connecting', 'live']);
    await s.live.close();
  });

  it('an SMTP 535 (loginRefused) is left the same way by a verified sign-in with the same password', async () => {
    const s = session();
    s.accept();
    s.live.start();
    await vi.waitFor(() => expect(s.live.state).toBe('live'));
    s.live.loginRefused('pw');
    expect(s.live.state).toBe('reauth');
    s.live.accountChanged();
    expect(s.live.state).toBe('reauth');
    s.live.accountChanged(true);
    await vi.waitFor(() => expect(s.live.state).toBe('live'));
    await s.live.close();
  });

  it('signedIn() leaves reauth, and when live tells every device again (one may show a 535 reported elsewhere)', async () => {
    const s = session();
    s.live.start();
    await vi.waitFor(() => expect(s.live.state).toBe('reauth'));
    s.accept();
    s.live.signedIn();
    await vi.waitFor(() => expect(s.live.state).toBe('live'));
    s.live.signedIn();
    expect(s.states).toEqual(['reauth', 'connecting', 'live', 'live']);
    await s.live.close();
  });
});

/** A watcher connection that logs in when the test says so (no NOTIFY: the session polls). */
function fakeWatcherConnection() {
  const listeners = new Map<string, () => void>();
  return {
    capabilities: new Map<string, boolean>(),
    usable: true,
    idling: false,
    on: (event: string, fn: () => void) => listeners.set(event, fn),
    removeAllListeners: (event: string) => listeners.delete(event),
    mailboxOpen: async () => ({}),
    idle: () => new Promise<boolean>(() => {}),
    logout: async () => {},
    close: () => {},
  };
}

/** A watcher whose two logins (watcher, command connection) the test controls and watches. */
function watched(opts: { watcherRefuses: () => boolean }) {
  const order: string[] = [];
  let letWatcherIn: () => void = () => {};
  const account = { email: 'a@example.test', login: 'a', password: 'pw' } as MailAccount;
  const live = new AccountWatcher({
    account: () => account,
    connectWatcher: async () => {
      order.push('watcher login');
      await new Promise<void>((resolve) => (letWatcherIn = resolve));
      if (opts.watcherRefuses()) throw Object.assign(new Error('refused'), { authenticationFailed: true });
      return fakeWatcherConnection() as unknown as ImapFlow;
    },
    openCommand: async () => {
      order.push('command login');
    },
    sync: async () => {
      order.push('baseline');
      return { reset: false, total: 0, unread: 0, syncToken: 't', diff: { added: [], changed: [], removed: [] } };
    },
    listCounts: async () => {
      order.push('counts');
      return [];
    },
    emit: () => {},
    backoff: () => 1_000,
    pollMs: 60_000,
    log: { warn: () => {} },
  });
  return { live, order, letWatcherIn: () => letWatcherIn() };
}

describe('AccountWatcher logins', () => {
  it('logs the command connection in while the watcher logs in, then takes counts and baselines before live', async () => {
    const w = watched({ watcherRefuses: () => false });
    w.live.start();
    await vi.waitFor(() => expect(w.order).toEqual(['command login', 'watcher login']));
    expect(w.live.state).toBe('connecting');
    w.letWatcherIn();
    await vi.waitFor(() => expect(w.live.state).toBe('live'));
    expect(w.order.slice(2).sort()).toEqual(['baseline', 'counts']);
    await w.live.close();
  });

  it('after a refused password, a verified retry of that same password logs in once (one failure for the server to count)', async () => {
    let refuse = true;
    const w = watched({ watcherRefuses: () => refuse });
    w.live.start();
    await vi.waitFor(() => expect(w.order).toContain('watcher login'));
    w.letWatcherIn();
    await vi.waitFor(() => expect(w.live.state).toBe('reauth'));
    w.order.length = 0;
    refuse = false;
    w.live.accountChanged(true);
    await vi.waitFor(() => expect(w.order).toEqual(['watcher login']));
    w.letWatcherIn();
    await vi.waitFor(() => expect(w.live.state).toBe('live'));
    expect(w.order).not.toContain('command login');
    await w.live.close();
  });
});
