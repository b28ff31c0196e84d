import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';
import type { MailAccount } from '../../core/auth.types.ts';
import type { FetcherDeps } from './pop3-fetcher.ts';
import { Pop3Watcher, type Pop3WatcherDeps } from './pop3-watcher.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const INTERVAL = 300_000;
type Hooks = Pick<FetcherDeps, 'onProgress' | 'onStored'>;

const row = (uid: number): MessageSummary =>
  ({ uid, subject: `m${uid}`, flags: [], size: 10, date: '2026-12-07T00:00:00.000Z' }) as unknown as MessageSummary;

/** An INBOX in memory: `deliver` stores messages as a check would (modseq and uidNext move). */
function inbox() {
  let uidNext = 1;
  let modSeq = 0n;
  const rows: { uid: number; modSeq: bigint }[] = [];
  const local: Pop3WatcherDeps['local'] = {
    ensureFolders: async () => {},
    folders: async () => [
      {
        id: 'f',
        path: 'INBOX',
        role: 'inbox',
        uidValidity: 1,
        uidNext,
        highestModSeq: modSeq,
        total: rows.length,
        unread: rows.length,
      },
    ],
    changesSince: async (_a, _p, since, sinceUidNext) => ({
      added: rows.filter((r) => r.modSeq > since && r.uid >= sinceUidNext).map((r) => row(r.uid)),
      changed: [],
      removed: [],
      highestModSeq: modSeq,
      uidNext,
    }),
  };
  return {
    local,
    deliver(n: number) {
      for (let i = 0; i < n; i++) rows.push({ uid: uidNext++, modSeq: ++modSeq });
    },
  };
}

/** A watcher over a fake check that runs when told: `checks` holds each check's hooks and how to end it. */
function setup() {
  const box = inbox();
  const account: MailAccount = { id: 'acc-1', password: 'pw-1' } as MailAccount;
  const events: { event: string; payload: Record<string, unknown> }[] = [];
  const warnings: object[] = [];
  const checks: { hooks: Hooks; end: (err?: unknown) => Promise<void> }[] = [];
  const interval = { minutes: INTERVAL / 60_000 };
  const watcher = new Pop3Watcher({
    account: () => account,
    emit: (event, payload) => events.push({ event, payload: payload as Record<string, unknown> }),
    local: box.local,
    intervalMinutes: async () => interval.minutes,
    log: { warn: (obj) => warnings.push(obj) },
    check: (hooks) =>
      new Promise((resolve, reject) => {
        checks.push({
          hooks,
          end: async (err) => {
            if (err) reject(err);
            else resolve({ stored: 0, previewed: 0, removed: 0 } as never);
            await vi.advanceTimersByTimeAsync(0);
          },
        });
      }),
  });
  const named = (name: string) => events.filter((e) => e.event === name).map((e) => e.payload);
  return { box, account, events, warnings, checks, watcher, named, interval };
}

/** lets the watcher's awaited store reads settle */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('Pop3Watcher', () => {
  it('checks at once and every interval; each stored batch reaches the devices with its rows, then counts', async () => {
    const t = setup();
    t.watcher.start();
    await settle();
    expect(t.checks).toHaveLength(1);
    expect(t.watcher.state).toBe('connecting');

    t.checks[0]!.hooks.onProgress?.({ phase: 'download', total: 3, done: 0 });
    t.box.deliver(2);
    t.checks[0]!.hooks.onStored?.(2);
    await settle();
    expect(t.named('message.added')).toEqual([{ path: 'INBOX', uids: [1, 2], rows: [row(1), row(2)] }]);
    t.box.deliver(1);
    t.checks[0]!.hooks.onProgress?.({ phase: 'download', total: 3, done: 3 });
    await t.checks[0]!.end();

    // the last batch announced once (by the end of the check), never the earlier ones again
    expect(t.named('message.added').map((p) => p.uids)).toEqual([[1, 2], [3]]);
    expect(t.named('mailbox.countsChanged').at(-1)).toEqual({ path: 'INBOX', total: 3, unread: 3 });
    expect(t.named('pop3.checkProgressed')).toEqual([
      { phase: 'checking', total: 0, done: 0 },
      { phase: 'download', total: 3, done: 0 },
      { phase: 'download', total: 3, done: 3 },
      { phase: 'done', total: 3, done: 3 },
    ]);
    expect(t.named('account.stateChanged')).toEqual([{ state: 'live' }]);

    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(t.checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.checks).toHaveLength(2);
    await t.checks[1]!.end();
    expect(t.named('message.added')).toHaveLength(2); // nothing new: nothing told

    // the account's own interval, read after each check
    t.interval.minutes = 1;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(t.checks).toHaveLength(3);
    await t.checks[2]!.end();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.checks).toHaveLength(4);
    await t.checks[3]!.end();
    await t.watcher.close();
  });

  it('"check now" runs a check at once and resolves when it has finished', async () => {
    const t = setup();
    t.watcher.start();
    await settle();
    await t.checks[0]!.end();
    let done = false;
    void t.watcher.checkNow().then(() => (done = true));
    await settle();
    expect(t.checks).toHaveLength(2);
    expect(t.watcher.isChecking()).toBe(true);
    expect(done).toBe(false);
    await t.checks[1]!.end();
    expect(done).toBe(true);
    await t.watcher.close();
  });

  it('a refused password stops the checks until a device brings another one (or signs in again)', async () => {
    const t = setup();
    t.watcher.start();
    await settle();
    await t.checks[0]!.end(new AppError(401, 'auth.invalid_credentials', 'no'));
    expect(t.watcher.state).toBe('reauth');
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    await t.watcher.checkNow();
    expect(t.checks).toHaveLength(1);

    t.watcher.accountChanged(); // the same password: still refused
    await settle();
    expect(t.checks).toHaveLength(1);
    t.account.password = 'pw-2';
    t.watcher.accountChanged();
    await settle();
    expect(t.checks).toHaveLength(2);
    expect(t.watcher.state).toBe('connecting');
    await t.checks[1]!.end();
    expect(t.watcher.state).toBe('live');

    // SMTP refused the current password: reauth again; a sign-in that proved it restarts at once
    t.watcher.loginRefused('pw-2');
    expect(t.watcher.state).toBe('reauth');
    t.watcher.signedIn();
    await settle();
    expect(t.checks).toHaveLength(3);
    await t.checks[2]!.end();
    expect(t.named('account.stateChanged').map((p) => p.state)).toEqual([
      'reauth',
      'connecting',
      'live',
      'reauth',
      'connecting',
      'live',
    ]);
    await t.watcher.close();
  });

  it('another failure is logged and retried at the next interval', async () => {
    const t = setup();
    t.watcher.start();
    await settle();
    await t.checks[0]!.end(new AppError(502, 'mail.server_unreachable', 'down'));
    expect(t.watcher.state).toBe('reconnecting');
    expect(t.named('pop3.checkProgressed').at(-1)).toEqual({ phase: 'done', total: 0, done: 0 });
    expect(t.warnings).toEqual([expect.objectContaining({ accountId: 'acc-1' })]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(t.checks).toHaveLength(2);
    await t.checks[1]!.end();
    expect(t.watcher.state).toBe('live');
    await t.watcher.close();
  });

  it('checks nothing after close', async () => {
    const t = setup();
    t.watcher.start();
    await settle();
    const closing = t.watcher.close();
    await t.checks[0]!.end();
    await closing;
    await vi.advanceTimersByTimeAsync(INTERVAL * 2);
    await t.watcher.checkNow();
    t.watcher.start();
    expect(t.checks).toHaveLength(1);
  });
});
