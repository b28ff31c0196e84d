import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthedSession } from '../core/auth.types.ts';
import type { LiveLease } from './live-lease.ts';
import type { LiveSession } from './live-session.ts';
import { LiveSessions } from './live-sessions.ts';

const TTL = 3_000;

/** The Redis lease's rules (take when free or expired, renew and release only by the owner) over one Map. */
function leaseStore() {
  const keys = new Map<string, { owner: string; until: number }>();
  const leaseOf = (owner: string): LiveLease & { down: boolean } => ({
    ttlMs: TTL,
    everyMs: TTL / 3,
    down: false,
    async hold(userId) {
      if (this.down) throw new Error('redis unreachable');
      const cur = keys.get(userId);
      if (cur && cur.until > Date.now() && cur.owner !== owner) return false;
      keys.set(userId, { owner, until: Date.now() + TTL });
      return true;
    },
    async release(userId) {
      if (keys.get(userId)?.owner === owner) keys.delete(userId);
    },
  });
  return { keys, leaseOf };
}

interface FakeSession {
  started: boolean;
  closed: boolean;
}

function instance(lease: LiveLease) {
  const sessions: FakeSession[] = [];
  const emitted: [string, unknown][] = [];
  const taken: string[] = [];
  const live = new LiveSessions({
    lingerMs: 60_000,
    lease,
    onTaken: (userId) => taken.push(userId),
    emit: (_userId, event, payload) => emitted.push([event, payload]),
    create: () => {
      const s = { started: false, closed: false, state: 'connecting' };
      sessions.push(s);
      return {
        ...s,
        start: () => (s.started = true),
        close: async () => void (s.closed = true),
        view: () => {},
        leave: () => {},
        setViewers: () => {},
        accountChanged: () => {},
        get state() {
          return s.started ? 'live' : 'connecting';
        },
      } as unknown as LiveSession;
    },
  });
  return { live, sessions, emitted, taken, running: () => sessions.filter((s) => s.started && !s.closed).length };
}

const auth = (): AuthedSession => ({
  sessionId: 's1',
  userId: 'u1',
  email: 'a@example.test',
  account: { email: 'a@example.test', login: 'a', password: 'pw' } as AuthedSession['account'],
});

describe('LiveSessions with a lease (several instances)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the session on one instance only, and another with a device takes over within the lease time', async () => {
    const store = leaseStore();
    const leaseA = store.leaseOf('A');
    const a = instance(leaseA);
    const b = instance(store.leaseOf('B'));
    const c = instance(store.leaseOf('C'));
    c.live.open(auth()); // signed in on C, but no device there: C never takes the lease

    expect(a.live.attach(auth(), 'laptop')).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.running()).toBe(1);
    expect(a.emitted).toEqual([]); // a first start is no reconnect
    expect(b.live.attach(auth(), 'phone')).toBeNull();
    await vi.advanceTimersByTimeAsync(TTL * 3);
    expect([a.running(), b.running(), c.running()]).toEqual([1, 0, 0]);
    expect(a.live.running('u1')).toBeDefined();
    expect(b.live.running('u1')).toBeUndefined();

    // Redis stops answering A (a partition): A stops its session before its lease expires, and B takes over
    // within the lease time, telling the devices to resync
    leaseA.hold = () => new Promise(() => {});
    await vi.advanceTimersByTimeAsync(TTL + TTL / 3);
    expect(a.running()).toBe(0);
    expect(b.running()).toBe(1);
    expect(b.taken).toEqual(['u1']);
    expect(b.emitted).toEqual([['session.stateChanged', { state: 'reconnecting' }]]);
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

    store.keys.set('u1', { owner: 'B', until: Date.now() + 60_000 }); // someone else holds it now
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(0);
    expect(a.sessions[0]!.closed).toBe(true);

    store.keys.delete('u1');
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(1);
    lease.down = true;
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.running()).toBe(1); // a blip shorter than the lease keeps the session
    await vi.advanceTimersByTimeAsync(TTL);
    expect(a.running()).toBe(0);

    lease.down = false;
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(store.keys.get('u1')?.owner).toBe('A');
    await a.live.closeAll();
    expect(store.keys.has('u1')).toBe(false);
  });
});
