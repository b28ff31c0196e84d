import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionCheckCache, storedSessionBytes } from './session-check-cache.ts';
import { createSessionStore } from './session-store.ts';
import type { NewSession, SessionRepository, StoredAccount, StoredSession } from './session.repository.ts';

const account = (id: string): StoredAccount => ({
  id,
  email: `${id}@school.test`,
  protocol: 'imap',
  login: `${id}@school.test`,
  incoming: { host: 'imap.school.test', port: 143, tls: 'starttls' },
  smtp: { host: 'smtp.school.test', port: 587, tls: 'starttls' },
  isPrimary: true,
});

const row = (id: string, userId: string): StoredSession => ({
  id,
  userId,
  email: `${userId}@school.test`,
  secretHash: 'ab'.repeat(32),
  passwords: [{ account: account(`acc-${userId}`), sealed: new Uint8Array(60) }],
  vault: [],
  lastSeenAt: new Date(0),
  expiresAt: new Date(8.64e15),
});

const trusted = (opts: Partial<ConstructorParameters<typeof SessionCheckCache>[0]> = {}) => {
  const cache = new SessionCheckCache({ maxBytes: 1 << 20, ttlMs: 60_000, ...opts });
  cache.trust();
  return cache;
};

describe('SessionCheckCache', () => {
  it('keeps and serves rows only while trusted, and forgets everything when distrusted', () => {
    const cache = new SessionCheckCache({ maxBytes: 1 << 20, ttlMs: 60_000 });
    cache.put(row('s1', 'u1'), cache.mark());
    cache.trust();
    expect(cache.get('s1')).toBeUndefined();
    cache.put(row('s1', 'u1'), cache.mark());
    expect(cache.get('s1')?.userId).toBe('u1');
    cache.distrust();
    expect(cache.size).toBe(0);
    cache.put(row('s1', 'u1'), cache.mark());
    expect(cache.get('s1')).toBeUndefined();
    cache.trust();
    expect(cache.get('s1')).toBeUndefined();
  });

  it('never stores a row read before a drop (the read may predate the revocation)', () => {
    for (const drop of [
      (c: SessionCheckCache) => c.dropUser('u1'),
      (c: SessionCheckCache) => c.dropUser('someone-else'),
      (c: SessionCheckCache) => c.dropSession('s1'),
      (c: SessionCheckCache) => c.distrust(),
    ]) {
      const cache = trusted();
      const mark = cache.mark();
      drop(cache);
      cache.trust();
      cache.put(row('s1', 'u1'), mark);
      expect(cache.get('s1')).toBeUndefined();
    }
  });

  it('drops all of one user’s rows and only theirs, or one session', () => {
    const cache = trusted();
    for (const [s, u] of [
      ['s1', 'u1'],
      ['s2', 'u1'],
      ['s3', 'u2'],
    ] as const)
      cache.put(row(s, u), cache.mark());
    cache.dropUser('u1');
    expect([cache.get('s1'), cache.get('s2'), cache.get('s3')?.id]).toEqual([undefined, undefined, 's3']);
    cache.dropSession('s3');
    expect(cache.size).toBe(0);
  });

  it('serves a row no longer than its time to live', () => {
    let now = 1_000;
    const cache = trusted({ ttlMs: 5_000, now: () => now });
    cache.put(row('s1', 'u1'), cache.mark());
    now += 4_999;
    expect(cache.get('s1')).toBeDefined();
    now += 2;
    expect(cache.get('s1')).toBeUndefined();
  });

  it('is bounded in bytes (least recently used out) and can be off', () => {
    const one = storedSessionBytes(row('s0', 'u0'));
    const cache = trusted({ maxBytes: one * 3 });
    for (let i = 0; i < 10; i++) cache.put(row(`s${i}`, `u${i}`), cache.mark());
    expect(cache.size).toBe(3);
    expect(cache.get('s9')).toBeDefined();
    expect(cache.get('s0')).toBeUndefined();
    const off = new SessionCheckCache({ maxBytes: 0, ttlMs: 60_000 });
    off.trust();
    off.put(row('s1', 'u1'), off.mark());
    expect(off.get('s1')).toBeUndefined();
  });

  it('counts the sealed bytes and strings of every account', () => {
    const small = row('s1', 'u1');
    const big = { ...small, vault: [{ account: account('x'.repeat(500)), sealed: new Uint8Array(4096) }] };
    expect(storedSessionBytes(big) - storedSessionBytes(small)).toBeGreaterThan(4096 + 2 * 1000);
  });
});

/** A session table in memory that counts its reads and writes (the store's logic, not Prisma, is under test). */
function memorySessions() {
  const rows = new Map<string, StoredSession>();
  const calls = { find: 0, touch: 0 };
  const repo: SessionRepository = {
    async insertSession(s: NewSession) {
      rows.set(s.id, {
        id: s.id,
        userId: s.userId,
        email: 'u1@school.test',
        secretHash: s.secretHash,
        passwords: s.passwords.map((p) => ({ account: { ...account(p.accountId) }, sealed: p.sealed })),
        vault: [],
        lastSeenAt: s.now,
        expiresAt: s.expiresAt,
      });
    },
    async findSession(id) {
      calls.find++;
      const r = rows.get(id);
      return r ? structuredClone(r) : null;
    },
    async touchSession(id, now) {
      calls.touch++;
      const r = rows.get(id);
      if (r) r.lastSeenAt = now;
    },
    async deleteSession(id) {
      return rows.delete(id);
    },
    async addPasswords() {},
    async swapPasswordTag() {
      return null;
    },
  };
  return { rows, calls, repo };
}

describe('createSessionStore with checked sessions in memory', () => {
  const setUp = async () => {
    const mem = memorySessions();
    let now = Date.UTC(2026, 0, 1);
    const checks = new SessionCheckCache({ maxBytes: 1 << 20, ttlMs: 600_000, now: () => now });
    checks.trust();
    const store = createSessionStore({
      repo: mem.repo,
      serverSecret: randomBytes(32),
      maxAgeDays: 1,
      checks,
      now: () => new Date(now),
    });
    const created = await store.create({
      userId: 'u1',
      passwords: [{ accountId: 'a1', password: 'pw-1' }],
      userAgent: null,
    });
    return { mem, store, checks, created, advance: (ms: number) => (now += ms) };
  };

  it('reads the row once, then checks the cookie against the kept row', async () => {
    const { mem, store, created } = await setUp();
    expect((await store.resolve(created.cookieValue))?.account.password).toBe('pw-1');
    expect((await store.resolve(created.cookieValue))?.account.password).toBe('pw-1');
    expect(mem.calls.find).toBe(1);
    // the kept row does not stand in for the secret: a cookie with the right id and another secret is refused
    const [id] = created.cookieValue.split('.');
    expect(await store.resolve(`${id}.${'A'.repeat(43)}`)).toBeNull();
  });

  it('still refuses an expired session, deletes it and forgets it', async () => {
    const { mem, store, checks, created, advance } = await setUp();
    await store.resolve(created.cookieValue);
    advance(86_400_000);
    expect(await store.resolve(created.cookieValue)).toBeNull();
    expect(mem.rows.size).toBe(0);
    expect(checks.size).toBe(0);
  });

  it('writes last seen at most once a minute while the row is kept', async () => {
    const { mem, store, created, advance } = await setUp();
    advance(61_000);
    for (let i = 0; i < 5; i++) await store.resolve(created.cookieValue);
    expect(mem.calls.touch).toBe(1);
    advance(61_000);
    await store.resolve(created.cookieValue);
    expect(mem.calls.touch).toBe(2);
    expect(mem.calls.find).toBe(1);
  });

  it('signing out forgets the kept row', async () => {
    const { store, checks, created } = await setUp();
    await store.resolve(created.cookieValue);
    expect(checks.size).toBe(1);
    await store.remove(created.cookieValue);
    expect(checks.size).toBe(0);
    expect(await store.resolve(created.cookieValue)).toBeNull();
  });
});
