import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { AppError, isAppError } from '../../core/app-error.ts';
import type { ImapFlow } from 'imapflow';
import type { ImapLogin } from '../../imap/connect.ts';
import { authErrors } from './auth.errors.ts';
import type { ResolvedServers } from '../autoconfig/autoconfig.service.ts';
import type { AuthRepository } from './auth.repository.ts';
import type { MailAccount } from '../../core/auth.types.ts';
import type { NewSession, SessionRepository, StoredAccount, StoredSession } from '../../core/session.repository.ts';
import { createSignInLimiter } from './auth.rate-limit.ts';
import { createSessionStore, settledWithin, signIn, type SignInDeps } from './auth.service.ts';
import { autoconfigErrors } from '../autoconfig/autoconfig.errors.ts';
import { fromImap } from '../autoconfig/account-servers.ts';

// asserted, not annotated: discovery adds fields this test does not care about
const servers = {
  imap: { host: '127.0.0.1', port: 21143, tls: 'starttls' },
  smtp: { host: '127.0.0.1', port: 21587, tls: 'starttls' },
  login: 'alice@school.test',
  source: 'admin',
  provider: null,
} as ResolvedServers;

/** In-memory stand-ins for the Prisma repositories (users, sessions, accounts). */
function memoryRepo() {
  const users = new Map<string, { id: string; email: string }>();
  const rows = new Map<string, NewSession>();
  const accounts = new Map<string, StoredAccount>();
  const touches: string[] = [];
  const tags = new Map<string, number>();
  const repo: AuthRepository & SessionRepository = {
    async upsertUser(email) {
      const u = users.get(email) ?? { id: `u${users.size + 1}`, email };
      users.set(email, u);
      return u;
    },
    async insertSession(s) {
      rows.set(s.id, s);
    },
    async findSession(id): Promise<StoredSession | null> {
      const s = rows.get(id);
      if (!s) return null;
      const email = [...users.values()].find((u) => u.id === s.userId)?.email ?? 'unknown';
      const passwords = s.passwords.map((p) => ({ account: accounts.get(p.accountId)!, sealed: p.sealed }));
      return { ...s, email, passwords, vault: [], lastSeenAt: s.now };
    },
    async touchSession(id, now) {
      touches.push(id);
      const s = rows.get(id);
      if (s) rows.set(id, { ...s, now });
    },
    async deleteSession(id) {
      return rows.delete(id);
    },
    async addPasswords(sessionId, passwords) {
      const s = rows.get(sessionId);
      if (s) rows.set(sessionId, { ...s, passwords: [...s.passwords, ...passwords] });
    },
    async countSessions(userId, now) {
      return [...rows.values()].filter((s) => s.userId === userId && s.expiresAt > now).length;
    },
    async deleteOtherSessions(userId, keep) {
      let n = 0;
      for (const [id, s] of rows) if (s.userId === userId && id !== keep && rows.delete(id)) n++;
      return n;
    },
    async swapPasswordTag(accountId, tag) {
      const before = tags.get(accountId) ?? null;
      tags.set(accountId, tag);
      return before;
    },
  };
  const accountsService = {
    async ensurePrimary(userId: string, a: Omit<MailAccount, 'id' | 'password'>) {
      const id = `${userId}:${a.email}`;
      accounts.set(id, { ...a, id, isPrimary: true });
      return { id, email: a.email };
    },
  };
  return { repo, users, rows, touches, accounts, accountsService };
}

function setup(
  opts: {
    verify?: (l: ImapLogin) => Promise<void>;
    resolve?: ResolvedServers | null | (() => Promise<ResolvedServers | null>);
  } = {},
) {
  let clock = new Date('2026-03-01T10:00:00Z');
  const now = () => clock;
  const mem = memoryRepo();
  const logins: ImapLogin[] = [];
  const store = createSessionStore({ repo: mem.repo, serverSecret: randomBytes(32), maxAgeDays: 30, now });
  const deps: SignInDeps = {
    limiter: createSignInLimiter({ signInLimitPerIp: 10, signInLimitPerAccount: 2, signInLimitWindowSeconds: 60 }),
    resolveServers: async (email) => {
      const found =
        opts.resolve === undefined
          ? { ...servers, login: email }
          : typeof opts.resolve === 'function'
            ? await opts.resolve()
            : opts.resolve;
      return found && fromImap(found);
    },
    verifyLogin: async (l) => {
      logins.push(l);
      await opts.verify?.(l);
    },
    repo: mem.repo,
    accounts: mem.accountsService,
    sessions: store,
    now,
  };
  return { ...mem, store, deps, logins, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
}

const input = (email: string, password: string) => ({ email, password, ip: '10.0.0.1', userAgent: 'test' });

async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

const wrongPassword = async () => {
  throw new AppError(401, 'auth.invalid_credentials', 'no');
};

describe('signIn', () => {
  it('creates the user under the lower-case address and a session that resolves to the account', async () => {
    const t = setup();
    const s = await signIn(input(' Alice@School.test ', 'alice-pw'), t.deps);
    expect(s.email).toBe('alice@school.test');
    expect([...t.users.keys()]).toEqual(['alice@school.test']);
    // the browser's address goes along; whether it reaches the server is the IMAP layer's setting
    expect(t.logins).toEqual([
      { login: 'alice@school.test', password: 'alice-pw', server: servers.imap, clientIp: '10.0.0.1' },
    ]);
    const row = t.rows.get(s.sessionId)!;
    expect(
      JSON.stringify({ ...row, passwords: row.passwords.map((p) => Buffer.from(p.sealed).toString('latin1')) }),
    ).not.toContain('alice-pw');
    expect(row.secretHash).not.toContain(s.cookieValue.split('.')[1]);
    const auth = await t.store.resolve(s.cookieValue);
    expect(auth).toMatchObject({
      sessionId: s.sessionId,
      email: 'alice@school.test',
      account: { login: 'alice@school.test', password: 'alice-pw', incoming: servers.imap, smtp: servers.smtp },
    });
    // the route uses the answer's own `auth` instead of reading the new rows back: it must be the same session
    expect(s.auth).toEqual(auth);
  });

  it('reports a changed mail password at sign-in, but not a first or a repeated one', async () => {
    const t = setup();
    const first = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    expect(await first.passwordChanged()).toBe(false);
    expect(await (await signIn(input('alice@school.test', 'alice-pw'), t.deps)).passwordChanged()).toBe(false);
    const changed = await signIn(input('alice@school.test', 'alice-new-pw'), t.deps);
    expect(await changed.passwordChanged()).toBe(true);
    expect(changed.userId).toBe(first.userId);
    expect(t.rows.get(changed.sessionId)?.ip).toBe('10.0.0.1');
  });

  it('answers field errors before asking any server', async () => {
    const t = setup();
    expect(await caught(signIn(input('alice', 'pw'), t.deps))).toMatchObject({
      statusCode: 400,
      code: 'validation.invalid_email',
      extra: { field: 'email' },
    });
    expect(await caught(signIn(input('alice@school.test', ''), t.deps))).toMatchObject({
      statusCode: 400,
      code: 'validation.required',
      extra: { field: 'password' },
    });
    expect(t.logins).toHaveLength(0);
  });

  it('answers mail.no_server_for_domain when nothing serves the domain', async () => {
    const t = setup({ resolve: null });
    expect(await caught(signIn(input('x@elsewhere.test', 'pw'), t.deps))).toMatchObject({
      statusCode: 400,
      code: 'mail.no_server_for_domain',
    });
    expect(t.logins).toHaveLength(0);
  });

  it('counts wrong passwords and refuses with 429 before asking the server again', async () => {
    const t = setup({ verify: wrongPassword });
    for (let i = 0; i < 2; i++)
      expect((await caught(signIn(input('alice@school.test', 'bad'), t.deps))).code).toBe('auth.invalid_credentials');
    expect(await caught(signIn(input('ALICE@school.test', 'bad'), t.deps))).toMatchObject({
      statusCode: 429,
      code: 'auth.rate_limited',
    });
    expect(t.logins).toHaveLength(2);
    expect(t.rows.size).toBe(0);
  });

  it('counts a password a provider refused (auth.provider_requires_app_password) like any wrong password', async () => {
    let resolved = 0;
    const t = setup({
      resolve: async () => {
        resolved++;
        throw autoconfigErrors.providerRequiresAppPassword('google', true);
      },
    });
    for (let i = 0; i < 2; i++)
      expect((await caught(signIn(input('kim@school.test', 'guess'), t.deps))).code).toBe(
        'auth.provider_requires_app_password',
      );
    expect((await caught(signIn(input('kim@school.test', 'guess'), t.deps))).code).toBe('auth.rate_limited');
    expect(resolved).toBe(2);
  });

  it('counts a wrong password at a known provider server (typed or cached) too', async () => {
    const t = setup({ resolve: { ...servers, provider: 'microsoft' }, verify: wrongPassword });
    for (let i = 0; i < 2; i++)
      expect((await caught(signIn(input('kim@school.test', 'guess'), t.deps))).code).toBe(
        'auth.provider_requires_app_password',
      );
    expect((await caught(signIn(input('kim@school.test', 'guess'), t.deps))).code).toBe('auth.rate_limited');
  });

  it('lets a known device sign in while the account is blocked for unknown devices', async () => {
    let good = false;
    const t = setup({ verify: async () => (good ? undefined : wrongPassword()) });
    for (let i = 0; i < 2; i++) await caught(signIn(input('alice@school.test', 'bad'), t.deps));
    good = true;
    expect((await caught(signIn(input('alice@school.test', 'alice-pw'), t.deps))).code).toBe('auth.rate_limited');
    const known = { ...input('alice@school.test', 'alice-pw'), knownDevice: () => 'this-browser' };
    await expect(signIn(known, t.deps)).resolves.toMatchObject({ email: 'alice@school.test' });
  });

  it('hands back the connection that proved the password, and logs it out when the sign-in fails after it', async () => {
    const s = setup();
    const opened: { loggedOut: boolean }[] = [];
    s.deps.verifyLogin = async () => {
      const c = { loggedOut: false, logout: async () => void (c.loggedOut = true), close: () => {} };
      opened.push(c);
      return c as unknown as ImapFlow;
    };
    const ok = await signIn(input('kept@example.com', 'pw'), s.deps);
    expect(ok.connection).toBe(opened[0]);
    expect(opened[0]?.loggedOut).toBe(false);

    s.deps.admit = async () => {
      throw authErrors.tooManySessions(1);
    };
    expect((await caught(signIn(input('kept@example.com', 'pw'), s.deps))).code).toBe('auth.too_many_sessions');
    expect(opened).toHaveLength(2);
    expect(opened[1]?.loggedOut).toBe(true);
  });

  it('starts the early work on the login connection before the account is written, and hands it the account id', async () => {
    const t = setup();
    const events: string[] = [];
    const connection = { logout: async () => {}, close: () => {} } as unknown as ImapFlow;
    t.deps.verifyLogin = async () => connection;
    const ensure = t.accountsService.ensurePrimary;
    t.accountsService.ensurePrimary = async (userId, a) => {
      events.push('account written');
      return ensure(userId, a);
    };
    const deps: SignInDeps<string> = {
      ...t.deps,
      onLogin: async (client, accountId) => {
        events.push('early started');
        expect(client).toBe(connection);
        return `read for ${await accountId}`;
      },
    };
    const s = await signIn(input('early@school.test', 'pw'), deps);
    expect(events).toEqual(['early started', 'account written']);
    expect(await s.early).toBe(`read for ${s.accountId}`);
  });

  it('signs in without the early work when it fails, and ends it when the sign-in fails', async () => {
    const t = setup();
    const opened: { loggedOut: boolean }[] = [];
    t.deps.verifyLogin = async () => {
      const c = { loggedOut: false, logout: async () => void (c.loggedOut = true), close: () => {} };
      opened.push(c);
      return c as unknown as ImapFlow;
    };
    const failing: SignInDeps<string> = {
      ...t.deps,
      onLogin: async () => {
        throw new Error('NO [NONEXISTENT]');
      },
    };
    const s = await signIn(input('early@school.test', 'pw'), failing);
    expect(await s.early).toBeNull();
    expect(opened[0]?.loggedOut).toBe(false);

    let owner: Promise<string> | undefined;
    const unsaved: SignInDeps<string> = {
      ...t.deps,
      repo: {
        upsertUser: async () => {
          throw new AppError(500, 'internal.error', 'down');
        },
      },
      onLogin: async (_client, accountId) => {
        owner = accountId;
        return accountId;
      },
    };
    expect((await caught(signIn(input('early@school.test', 'pw'), unsaved))).code).toBe('internal.error');
    expect(opened[1]?.loggedOut).toBe(true);
    // the work waiting for the account learns that there will be none
    await expect(owner).rejects.toMatchObject({ code: 'internal.error' });
  });

  it('does not count an unreachable server as a failed sign-in', async () => {
    const t = setup({
      verify: async () => {
        throw new AppError(502, 'mail.server_unreachable', 'down');
      },
    });
    for (let i = 0; i < 4; i++)
      expect((await caught(signIn(input('alice@school.test', 'pw'), t.deps))).code).toBe('mail.server_unreachable');
    // nor a provider answer that refused no password (e.g. OAuth only, nothing reachable)
    const u = setup({ resolve: () => Promise.reject(autoconfigErrors.providerRequiresAppPassword('google')) });
    for (let i = 0; i < 4; i++)
      expect((await caught(signIn(input('kim@school.test', 'pw'), u.deps))).code).toBe(
        'auth.provider_requires_app_password',
      );
  });
});

describe('session store', () => {
  it('refuses a cookie with the right id but another secret, and malformed cookies', async () => {
    const t = setup();
    const s = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    const [id] = s.cookieValue.split('.');
    expect(await t.store.resolve(`${id}.${randomBytes(32).toString('base64url')}`)).toBeNull();
    expect(await t.store.resolve(undefined)).toBeNull();
    expect(await t.store.resolve('garbage')).toBeNull();
    expect(await t.store.remove(`${id}.${randomBytes(32).toString('base64url')}`)).toBeNull();
    expect(t.rows.has(s.sessionId)).toBe(true);
  });

  it('touches lastSeenAt at most once a minute', async () => {
    const t = setup();
    const s = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    await t.store.resolve(s.cookieValue);
    t.advance(30_000);
    await t.store.resolve(s.cookieValue);
    expect(t.touches).toHaveLength(0);
    t.advance(31_000);
    await t.store.resolve(s.cookieValue);
    await t.store.resolve(s.cookieValue);
    expect(t.touches).toEqual([s.sessionId]);
  });

  it('deletes an expired session when it is used', async () => {
    const t = setup();
    const s = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    t.advance(30 * 86_400_000);
    expect(await t.store.resolve(s.cookieValue)).toBeNull();
    expect(t.rows.has(s.sessionId)).toBe(false);
  });

  it('removes a session only with its cookie', async () => {
    const t = setup();
    const s = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    expect(await t.store.remove(s.cookieValue)).toEqual({ sessionId: s.sessionId, userId: s.userId });
    expect(t.rows.size).toBe(0);
    expect(await t.store.resolve(s.cookieValue)).toBeNull();
  });

  it('cannot open a session made under another server secret', async () => {
    const t = setup();
    const s = await signIn(input('alice@school.test', 'alice-pw'), t.deps);
    const other = createSessionStore({ repo: t.repo, serverSecret: randomBytes(32), maxAgeDays: 30 });
    expect(await other.resolve(s.cookieValue)).toBeNull();
  });
});

describe('settledWithin', () => {
  it('gives the value of work that settles in time, and null for work that does not', async () => {
    vi.useFakeTimers();
    try {
      expect(await settledWithin(Promise.resolve('rows'), 1500)).toBe('rows');
      const never = settledWithin(new Promise<string>(() => {}), 1500);
      await vi.advanceTimersByTimeAsync(1499);
      let settled = false;
      void never.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await never).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
