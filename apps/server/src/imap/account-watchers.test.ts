import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthedSession } from '../core/auth.types.ts';
import type { AccountLease } from './account-lease.ts';
import type { AccountWatcher } from './account-watcher.ts';
import { AccountWatchers } from './account-watchers.ts';

const TTL = 3_000;

/** The Redis lease's rules (take when free or expired, renew and release only by the owner) over one Map. */
function leaseStore() {
  const keys = new Map<string, { owner: string; until: number }>();
  const leaseOf = (owner: string): AccountLease & { down: boolean } => ({
    ttlMs: TTL,
    everyMs: TTL / 3,
    down: false,
    async hold(accountId) {
      if (this.down) throw new Error('redis unreachable');
      const cur = keys.get(accountId);
      if (cur && cur.until > Date.now() && cur.owner !== owner) return false;
      keys.set(accountId, { owner, until: Date.now() + TTL });
      return true;
    },
    async release(accountId) {
      if (keys.get(accountId)?.owner === owner) keys.delete(accountId);
    },
  });
  return { keys, leaseOf };
}

interface FakeSession {
  started: boolean;
  closed: boolean;
  reauth: boolean;
  signedIn: number;
}

function instance(lease: AccountLease, announceSignIn?: (accountId: string, samePassword: boolean) => void) {
  const sessions: FakeSession[] = [];
  const emitted: [string, unknown][] = [];
  const taken: string[] = [];
  const live = new AccountWatchers({
    lingerMs: 60_000,
    lease,
    onTaken: (ref) => taken.push(ref.accountId),
    announceSignIn: announceSignIn ? (ref, same) => announceSignIn(ref.accountId, same) : undefined,
    emit: (_ref, event, payload) => emitted.push([event, payload]),
    create: () => {
      const s = { started: false, closed: false, reauth: false, signedIn: 0 };
      sessions.push(s);
      return {
        ...s,
        start: () => (s.started = true),
        close: async () => void (s.closed = true),
        view: () => {},
        leave: () => {},
        setViewers: () => {},
        accountChanged: () => {},
        signedIn: () => void (s.signedIn += 1),
        get state() {
          if (!s.started) return 'connecting';
          return s.reauth ? 'reauth' : 'live';
        },
      } as unknown as AccountWatcher;
    },
  });
  return { live, sessions, emitted, taken, running: () => sessions.filter((s) => s.started && !s.closed).length };
}

const account = { id: 'acc1', email: 'a@example.test', login: 'a', password: 'pw' } as AuthedSession['account'];
const auth = (): AuthedSession => ({
  sessionId: 's1',
  userId: 'u1',
  email: 'a@example.test',
  account,
  accounts: [account],
});

describe('AccountWatchers with a lease (several instances)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the session on one instance only, and another with a device takes over within the lease time', async () => {
    const store = leaseStore();
    const leaseA = store.leaseOf('A');
    const a = instance(leaseA);
    const b = instance(store.leaseOf('B'));
    const c = instance(store.leaseOf('C'));
    c.live.open('u1', account); // signed in on C, but no device there: C never takes the lease

    expect(a.live.attach(auth(), 'laptop')).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.running()).toBe(1);
    expect(a.emitted).toEqual([]); // a first start is no reconnect
    expect(b.live.attach(auth(), 'phone')).toEqual([]);
    await vi.advanceTimersByTimeAsync(TTL * 3);
    expect([a.running(), b.running(), c.running()]).toEqual([1, 0, 0]);
    expect(a.live.running('acc1')).toBeDefined();
    expect(b.live.running('acc1')).toBeUndefined();

    // Redis stops answering A (a partition): A stops its session before its lease expires, and B takes over
    // within the lease time, telling the devices to resync
    leaseA.hold = () => new Promise(() => {});
    await vi.advanceTimersByTimeAsync(TTL + TTL / 3);
    expect(a.running()).toBe(0);
    expect(b.running()).toBe(1);
    expect(b.taken).toEqual(['acc1']);
    expect(b.emitted).toEqual([['account.stateChanged', { state: 'reconnecting', accountId: 'acc1' }]]);
    expect(c.running()).toBe(0);
    await Promise.all([a.live.closeAll(), b.live.closeAll(), c.live.closeAll()]);
  });

  it('stops its session when the lease is lost or Redis stays unreachable, and releases it on close', async () => {
    const store = leaseStore();
    const lease = store.leaseOf('A');
    const a = instance(lease);
    a.live.attach(auth(), 'laptop');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.running()).toBe(1);

    store.keys.set('acc1', { owner: 'B', until: Date.now() + 60_000 }); // someone else holds it now
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(0);
    expect(a.sessions[0]!.closed).toBe(true);

    store.keys.delete('acc1');
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(1);
    lease.down = true;
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(1); // a blip shorter than the lease keeps the session
    await vi.advanceTimersByTimeAsync(TTL);
    expect(a.running()).toBe(0);

    lease.down = false;
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(store.keys.get('acc1')?.owner).toBe('A');
    await a.live.closeAll();
    expect(store.keys.has('acc1')).toBe(false);
  });

  it('a sign-in on an instance that does not run the watcher wakes the holder (same password) or moves it (new one)', async () => {
    const store = leaseStore();
    const holder: { live?: AccountWatchers } = {};
    const announced: [string, boolean][] = [];
    const a = instance(store.leaseOf('A'));
    holder.live = a.live;
    const b = instance(store.leaseOf('B'), (accountId, same) => {
      announced.push([accountId, same]);
      holder.live?.signedInElsewhere(accountId, same);
    });
    a.live.attach(auth(), 'laptop');
    await vi.advanceTimersByTimeAsync(0);
    b.live.attach(auth(), 'phone');
    await vi.advanceTimersByTimeAsync(TTL);
    expect([a.running(), b.running()]).toEqual([1, 0]);

    // the same password (after an SMTP 535 that passed): A's watcher logs in again, B starts nothing
    b.live.signedIn(auth(), true);
    expect(announced).toEqual([['acc1', true]]);
    expect(a.sessions[0]!.signedIn).toBe(1);
    expect(b.running()).toBe(0);

    // a new password that A does not have, while A waits in `reauth`: A hands the lease over, B (a device with the
    // new password) takes it at its next try and tells the devices to resync
    a.sessions[0]!.reauth = true;
    a.live.detach('u1', 'laptop'); // a new password ends the sessions holding the old one
    const fresh = { ...auth(), account: { ...auth().account, password: 'new-pw' } };
    b.live.signedIn(fresh, false);
    expect(a.sessions[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect([a.running(), b.running()]).toEqual([0, 1]);
    expect(b.emitted).toContainEqual(['account.stateChanged', { state: 'reconnecting', accountId: 'acc1' }]);
    await Promise.all([a.live.closeAll(), b.live.closeAll()]);
  });

  it('a sign-in on the instance running the watcher wakes it there and announces nothing', async () => {
    const store = leaseStore();
    const announced: unknown[] = [];
    const a = instance(store.leaseOf('A'), (...args) => announced.push(args));
    a.live.attach(auth(), 'laptop');
    await vi.advanceTimersByTimeAsync(0);
    a.live.signedIn(auth(), true);
    expect(a.sessions[0]!.signedIn).toBe(1);
    expect(announced).toEqual([]);
    await a.live.closeAll();
  });
});

describe('AccountWatchers without devices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the watcher past the linger time while a device waits for web push, then closes it', async () => {
    let waiting = true;
    const asked: string[] = [];
    let s = { started: false, closed: false };
    const live = new AccountWatchers({
      lingerMs: 1_000,
      keepWithoutDevices: async (ref) => {
        asked.push(ref.userId);
        return waiting;
      },
      emit: () => {},
      create: () => {
        s = { started: false, closed: false };
        const fake = s;
        return {
          start: () => (fake.started = true),
          close: async () => void (fake.closed = true),
          view: () => {},
          leave: () => {},
        } as unknown as AccountWatcher;
      },
    });
    live.attach(auth(), 'socket-1');
    live.detach('u1', 'socket-1');
    await vi.advanceTimersByTimeAsync(3_500);
    expect(asked.length).toBe(3);
    expect(s).toEqual({ started: true, closed: false });
    waiting = false; // the device unsubscribed (or signed out)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.closed).toBe(true);
    expect(live.accountCount).toBe(0);
  });
});
