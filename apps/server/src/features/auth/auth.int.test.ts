import { hkdfSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, apiRoutes } from '@pigeon/shared';
import { TEST_SESSION_SECRET, buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { getCsrf, signIn } from '../../../test/auth-helpers.ts';
import { derivePasswordKey, openPassword } from '../../core/crypto/password-box.ts';
import { loadServerSecret } from '../../core/crypto/server-secret.ts';
import { SESSION_COOKIE } from '../../core/session.plugin.ts';

// fixture users (scripts/mail); each test that counts failures uses its own app, so limits never leak between tests
const alice = { email: 'alice@school.test', password: 'alice-pw' };
const bob = { email: 'bob@school.test', password: 'bob-pw' };
const carol = { email: 'carol@school.test', password: 'carol-pw' };
const tricky = { email: 'tricky@school.test', password: 'p@ss "w\\rd" 한글' };

type Inject = Awaited<ReturnType<TestApp['app']['inject']>>;

const postSignIn = async (
  t: TestApp,
  body: { email: string; password: string },
  extra: { remoteAddress?: string; headers?: Record<string, string> } = {},
) => {
  const csrf = await getCsrf(t.app);
  return t.app.inject({
    method: 'POST',
    url: apiRoutes.signIn,
    headers: { ...csrf.headers, ...extra.headers },
    payload: body,
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
  });
};
const getSession = (t: TestApp, cookie: string) =>
  t.app.inject({ method: 'GET', url: apiRoutes.session, headers: { cookie } });
const errorOf = (res: Inject) =>
  res.json<{ error: { code: string; message: string; field?: string; details?: Record<string, unknown> } }>().error;
const sessionCookieOf = (res: Inject) => res.cookies.find((c) => c.name === SESSION_COOKIE);

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sign-in, session and sign-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in, sets a httpOnly SameSite=Lax cookie without Secure over http, and GET session answers', async () => {
    const res = await postSignIn(t, { email: 'Alice@School.TEST', password: alice.password });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ email: string; csrfToken: string }>();
    expect(body.email).toBe('alice@school.test');
    expect(body.csrfToken).toEqual(expect.any(String));
    const raw = [res.headers['set-cookie']].flat().find((c) => c?.startsWith(`${SESSION_COOKIE}=`))!;
    expect(raw).toMatch(/; HttpOnly/i);
    expect(raw).toMatch(/; SameSite=Lax/i);
    expect(raw).toMatch(/; Path=\//i);
    expect(raw).toMatch(/; Max-Age=2592000/i);
    expect(raw).not.toMatch(/; Secure/i);
    expect(sessionCookieOf(res)!.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    const session = await getSession(t, `${SESSION_COOKIE}=${sessionCookieOf(res)!.value}`);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ email: 'alice@school.test', csrfToken: expect.any(String) });
    const user = await t.db.prisma.user.findUnique({ where: { email: 'alice@school.test' } });
    expect(user).not.toBeNull();
  });

  it('signs in with a password full of quotes, backslashes and Hangul', async () => {
    const s = await signIn(t.app, tricky.email, tricky.password);
    expect((await getSession(t, s.cookie)).json()).toMatchObject({ email: tricky.email });
  });

  it('answers 401 auth.not_signed_in without a valid cookie', async () => {
    for (const cookie of ['', `${SESSION_COOKIE}=garbage`, `${SESSION_COOKIE}=${'a'.repeat(22)}.${'b'.repeat(43)}`]) {
      const res = await getSession(t, cookie);
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).code).toBe('auth.not_signed_in');
    }
  });

  it('answers 401 auth.invalid_credentials for a wrong password and sets no session', async () => {
    const res = await postSignIn(t, { email: bob.email, password: 'not-bobs' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('auth.invalid_credentials');
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('answers 400 with the field for a malformed address or an empty password', async () => {
    const bad = await postSignIn(t, { email: 'alice', password: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'validation.invalid_email', field: 'email' });
    const empty = await postSignIn(t, { email: alice.email, password: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty)).toMatchObject({ code: 'validation.required', field: 'password' });
  });

  it('answers 400 mail.no_server_for_domain for a domain nobody configured', async () => {
    const res = await postSignIn(t, { email: 'someone@elsewhere.test', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('mail.no_server_for_domain');
  });

  it('signs out: 204, the cookie is cleared, the row is deleted and the session no longer works', async () => {
    const s = await signIn(t.app, carol.email, carol.password);
    const sessionId = /pigeon_session=([^.;]+)\./.exec(s.cookie)![1]!;
    expect(await t.db.prisma.session.findUnique({ where: { id: sessionId } })).not.toBeNull();

    const res = await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: s.headers });
    expect(res.statusCode).toBe(204);
    const cleared = sessionCookieOf(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.maxAge).toBe(0);
    expect(await t.db.prisma.session.findUnique({ where: { id: sessionId } })).toBeNull();
    expect((await getSession(t, s.cookie)).statusCode).toBe(401);
  });

  it('replaces the previous session of the same browser on a new sign-in', async () => {
    const first = await signIn(t.app, alice.email, alice.password);
    const firstId = /pigeon_session=([^.;]+)\./.exec(first.cookie)![1]!;
    const res = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, headers: first.headers, payload: bob });
    expect(res.statusCode).toBe(200);
    expect(await t.db.prisma.session.findUnique({ where: { id: firstId } })).toBeNull();
    expect(res.json()).toMatchObject({ email: bob.email });
  });
});

describe('CSRF and cross-site requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const expect403 = (res: Inject) => {
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('auth.csrf_invalid');
  };

  it('refuses sign-in without a token, with a wrong one, or without the CSRF cookie', async () => {
    const csrf = await getCsrf(t.app);
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { cookie: csrf.headers.cookie! },
        payload: alice,
      }),
    );
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { ...csrf.headers, [CSRF_HEADER]: 'wrong' },
        payload: alice,
      }),
    );
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { [CSRF_HEADER]: csrf.csrfToken },
        payload: alice,
      }),
    );
    const other = await getCsrf(t.app);
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { ...csrf.headers, [CSRF_HEADER]: other.csrfToken },
        payload: alice,
      }),
    );
  });

  it('refuses cross-site requests by Origin and Sec-Fetch-Site even with a valid token', async () => {
    const csrf = await getCsrf(t.app);
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { ...csrf.headers, origin: 'http://evil.test' },
        payload: alice,
      }),
    );
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { ...csrf.headers, 'sec-fetch-site': 'cross-site' },
        payload: alice,
      }),
    );
    expect403(
      await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: { ...csrf.headers, 'sec-fetch-site': 'same-site' },
        payload: alice,
      }),
    );
    const same = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: {
        ...csrf.headers,
        host: 'mail.school.test',
        origin: 'http://mail.school.test',
        'sec-fetch-site': 'same-origin',
      },
      payload: alice,
    });
    expect(same.statusCode).toBe(200);
  });

  it('refuses sign-out and other state changes without the token, and keeps the session', async () => {
    const s = await signIn(t.app, alice.email, alice.password);
    expect403(await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: { cookie: s.cookie } }));
    expect403(await t.app.inject({ method: 'DELETE', url: '/api/anything', headers: { cookie: s.cookie } }));
    // percent-encoding the path does not get around the check (the router decodes it to the same route)
    expect403(await t.app.inject({ method: 'POST', url: '/%61pi/auth/sign%2Dout', headers: { cookie: s.cookie } }));
    expect((await getSession(t, s.cookie)).statusCode).toBe(200);
    // the token from GET session works as well as the one from sign-in
    const token = (await getSession(t, s.cookie)).json<{ csrfToken: string }>().csrfToken;
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: apiRoutes.signOut,
          headers: { cookie: s.cookie, [CSRF_HEADER]: token },
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe('Secure cookie', () => {
  const HOST_SESSION = '__Host-pigeon_session';
  const HOST_CSRF = '__Host-pigeon_csrf';
  const https = { 'x-forwarded-proto': 'https' };
  /** GET csrf, then sign in, both with `headers` (e.g. through an https proxy) */
  const signInWith = async (t: TestApp, headers: Record<string, string>) => {
    const csrf = await t.app.inject({ method: 'GET', url: apiRoutes.csrf, headers });
    const jar = Object.fromEntries(csrf.cookies.map((c) => [c.name, c.value]));
    const cookie = Object.entries(jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    return t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: { ...headers, cookie, [CSRF_HEADER]: csrf.json<{ csrfToken: string }>().csrfToken },
      payload: alice,
    });
  };

  it('is Secure and __Host- named behind an https proxy when TRUST_PROXY is on, plain over plain http', async () => {
    const t = await buildTestApp({ trustProxy: { hops: 1 } });
    try {
      const res = await signInWith(t, https);
      expect(res.statusCode).toBe(200);
      const session = res.cookies.find((c) => c.name === HOST_SESSION)!;
      expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(session.domain).toBeUndefined();
      expect(res.cookies.find((c) => c.name === HOST_CSRF)).toMatchObject({ secure: true, path: '/' });
      expect(sessionCookieOf(res)).toBeUndefined();
      // the cookie works over https; a plain-named copy (settable over http or by a sibling domain) does not
      const ok = await t.app.inject({
        method: 'GET',
        url: apiRoutes.session,
        headers: { ...https, cookie: `${HOST_SESSION}=${session.value}` },
      });
      expect(ok.statusCode).toBe(200);
      const planted = await t.app.inject({
        method: 'GET',
        url: apiRoutes.session,
        headers: { ...https, cookie: `${SESSION_COOKIE}=${session.value}` },
      });
      expect(planted.statusCode).toBe(401);
      // the same server over plain http (COOKIE_SECURE=auto): plain names, not Secure
      const plain = await postSignIn(t, alice);
      expect(sessionCookieOf(plain)!.secure).toBeFalsy();
    } finally {
      await t.close();
    }
  });

  it('is always Secure and __Host- named with COOKIE_SECURE=always', async () => {
    const t = await buildTestApp({ cookieSecure: 'always' });
    try {
      const res = await signInWith(t, {});
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === HOST_SESSION)).toMatchObject({ secure: true, path: '/' });
    } finally {
      await t.close();
    }
  });
});

describe('CSRF token bound to the session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });
  const jar = (res: Inject) => Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  const post = (cookies: Record<string, string>, token: string) =>
    t.app.inject({
      method: 'POST',
      // signing out touches nothing but the session the cookie names (other tests share these fixture users)
      url: apiRoutes.signOut,
      headers: {
        cookie: Object.entries(cookies)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join('; '),
        [CSRF_HEADER]: token,
      },
    });

  it('gets a new CSRF secret at sign-in, and a token from before the sign-in no longer works', async () => {
    const before = await getCsrf(t.app);
    const res = await postSignIn(t, alice);
    expect(res.statusCode).toBe(200);
    const signedIn = { ...before.cookies, ...jar(res) };
    expect(signedIn.pigeon_csrf).toBeTruthy();
    expect(signedIn.pigeon_csrf).not.toBe(before.cookies.pigeon_csrf);
    const stale = await post(signedIn, before.csrfToken);
    expect(stale.statusCode).toBe(403);
    expect(errorOf(stale).code).toBe('auth.csrf_invalid');
    expect((await post(signedIn, res.json<{ csrfToken: string }>().csrfToken)).statusCode).toBe(204);
  });

  it("signed out, the session probe's 401 brings the token the sign-in sends (decision 024 round 8)", async () => {
    const probe = await t.app.inject({ method: 'GET', url: apiRoutes.session });
    expect(probe.statusCode).toBe(401);
    expect(errorOf(probe).code).toBe('auth.not_signed_in');
    const token = errorOf(probe).details?.csrfToken;
    expect(token).toEqual(expect.any(String));
    const cookie = Object.entries(jar(probe))
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: { cookie, [CSRF_HEADER]: String(token) },
      payload: alice,
    });
    expect(res.statusCode).toBe(200);
    // signed in, the same probe answers the session (and no longer a bare token)
    const session = await getSession(t, `${cookie}; ${SESSION_COOKIE}=${sessionCookieOf(res)!.value}`);
    expect(session.statusCode).toBe(200);
    expect(session.json<{ email: string }>().email).toBe(alice.email);
  });

  it('refuses a token made for another session, even with the same CSRF cookie', async () => {
    const a = await postSignIn(t, bob);
    const b = await postSignIn(t, carol);
    const aCookies = jar(a);
    const bSession = jar(b)[SESSION_COOKIE]!;
    // the victim's session cookie with the attacker's CSRF cookie and token: refused
    const mixed = await post({ ...aCookies, [SESSION_COOKIE]: bSession }, a.json<{ csrfToken: string }>().csrfToken);
    expect(mixed.statusCode).toBe(403);
    expect(errorOf(mixed).code).toBe('auth.csrf_invalid');
    expect((await post(aCookies, a.json<{ csrfToken: string }>().csrfToken)).statusCode).toBe(204);
    expect((await post(jar(b), b.json<{ csrfToken: string }>().csrfToken)).statusCode).toBe(204);
  });
});

describe('mail server trouble', () => {
  it('answers 502 mail.server_unreachable naming a server that refuses connections', async () => {
    const port = await closedPort();
    const endpoint = { host: '127.0.0.1', port, tls: 'starttls' as const };
    const t = await buildTestApp({ mailDomains: { 'school.test': { imap: endpoint, smtp: endpoint } } });
    try {
      const res = await postSignIn(t, alice);
      expect(res.statusCode).toBe(502);
      expect(errorOf(res).code).toBe('mail.server_unreachable');
      expect(errorOf(res).message).toContain(`127.0.0.1:${port}`);
      expect(errorOf(res).details).toMatchObject({ server: `127.0.0.1:${port}` });
    } finally {
      await t.close();
    }
  });

  it('answers 502 when the server certificate is not trusted', async () => {
    const t = await buildTestApp({ mailTlsCaFile: null, mailTlsRejectUnauthorized: true });
    try {
      const res = await postSignIn(t, alice);
      expect(res.statusCode).toBe(502);
      expect(errorOf(res).code).toBe('mail.server_unreachable');
    } finally {
      await t.close();
    }
  });
});

describe('rate limit on failed sign-ins', () => {
  const expect429 = (res: Inject) => {
    expect(res.statusCode).toBe(429);
    expect(errorOf(res).code).toBe('auth.rate_limited');
    const retry = Number(res.headers['retry-after']);
    expect(Number.isInteger(retry)).toBe(true);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(600);
  };

  it('per account: refuses after the limit, even the right password, and a success starts the count over', async () => {
    const t = await buildTestApp({ signInLimitPerAccount: 2, signInLimitPerIp: 100, signInLimitWindowSeconds: 600 });
    try {
      expect((await postSignIn(t, { email: bob.email, password: 'wrong' })).statusCode).toBe(401);
      expect((await postSignIn(t, bob)).statusCode).toBe(200); // resets bob's count
      expect((await postSignIn(t, { email: bob.email, password: 'wrong' })).statusCode).toBe(401);
      expect(
        (await postSignIn(t, { email: 'BOB@school.test', password: 'wrong' }, { remoteAddress: '10.9.9.9' }))
          .statusCode,
      ).toBe(401);
      expect429(await postSignIn(t, { email: bob.email, password: 'wrong' }));
      expect429(await postSignIn(t, bob, { remoteAddress: '10.8.8.8' }));
      // other accounts from the same IP are not affected
      expect((await postSignIn(t, carol)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('per IP: refuses any account from that IP after the limit; other IPs go on', async () => {
    const t = await buildTestApp({ signInLimitPerAccount: 100, signInLimitPerIp: 2, signInLimitWindowSeconds: 600 });
    try {
      const ip = '10.1.2.3';
      expect((await postSignIn(t, { email: alice.email, password: 'wrong' }, { remoteAddress: ip })).statusCode).toBe(
        401,
      );
      expect((await postSignIn(t, { email: bob.email, password: 'wrong' }, { remoteAddress: ip })).statusCode).toBe(
        401,
      );
      expect429(await postSignIn(t, carol, { remoteAddress: ip }));
      expect((await postSignIn(t, carol, { remoteAddress: '10.1.2.4' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('a server restart', () => {
  it('keeps the user signed in (same database and SESSION_SECRET)', async () => {
    const first = await buildTestApp();
    const s = await signIn(first.app, alice.email, alice.password);
    await first.close();
    const second = await buildTestApp();
    try {
      expect((await getSession(second, s.cookie)).json()).toMatchObject({ email: alice.email });
    } finally {
      await second.close();
    }
  });

  it('keeps the user signed in with a generated secret kept in DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-restart-'));
    const first = await buildTestApp({ sessionSecret: null, dataDir });
    const s = await signIn(first.app, alice.email, alice.password);
    await first.app.close(); // not first.close(): that would delete dataDir
    await first.db.close();
    const second = await buildTestApp({ sessionSecret: null, dataDir });
    try {
      expect((await getSession(second, s.cookie)).json()).toMatchObject({ email: alice.email });
      // a different server secret cannot open it
      const third = await buildTestApp({ sessionSecret: null });
      try {
        expect((await getSession(third, s.cookie)).statusCode).toBe(401);
      } finally {
        await third.close();
      }
    } finally {
      await second.close();
    }
  });
});

describe('a database dump', () => {
  it('contains neither the password nor the means to decrypt it without the cookie', async () => {
    const t = await buildTestApp();
    try {
      const s = await signIn(t.app, tricky.email, tricky.password);
      const sessionId = /pigeon_session=([^.;]+)\./.exec(s.cookie)![1]!;
      // the session row and its sealed copy of the account's password (decision 018)
      const rows = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        'SELECT s.*, p."sealed" FROM "Session" s JOIN "AccountPassword" p ON p."sessionId" = s."id"',
      );
      const row = rows.find((r) => r.id === sessionId)!;
      expect(row).toBeDefined();

      const dump = rows
        .flatMap((r) => Object.values(r))
        .map((v) => {
          if (v instanceof Uint8Array) {
            const b = Buffer.from(v);
            return [
              b.toString('hex'),
              b.toString('base64'),
              b.toString('base64url'),
              b.toString('utf8'),
              b.toString('latin1'),
            ].join('\n');
          }
          return v instanceof Date ? v.toISOString() : String(v);
        })
        .join('\n');
      const pw = Buffer.from(tricky.password, 'utf8');
      for (const needle of [
        tricky.password,
        pw.toString('base64'),
        pw.toString('base64url'),
        pw.toString('hex'),
        pw.toString('latin1'),
        'p@ss',
        '한글',
      ]) {
        expect(dump).not.toContain(needle);
        expect(dump.toLowerCase()).not.toContain(needle.toLowerCase());
      }
      // the cookie secret is not in the dump either
      const cookieSecret = /pigeon_session=[^.;]+\.([^;]+)/.exec(s.cookie)![1]!;
      expect(dump).not.toContain(cookieSecret);

      // with the server secret and everything in the row, but no cookie secret, nothing decrypts
      const serverSecret = await loadServerSecret({ sessionSecret: TEST_SESSION_SECRET, dataDir: os.tmpdir() });
      const sealed = row.sealed as Uint8Array;
      const guesses = [
        Buffer.alloc(32),
        Buffer.from(String(row.secretHash), 'hex'),
        Buffer.from(sessionId, 'base64url').subarray(0, 32),
      ].map((g) =>
        Buffer.concat([g, Buffer.alloc(32)])
          .subarray(0, 32)
          .toString('base64url'),
      );
      for (const cookieSecretGuess of guesses) {
        const key = derivePasswordKey({ serverSecret, cookieSecret: cookieSecretGuess, sessionId });
        expect(() => openPassword(sealed, key, sessionId)).toThrow();
      }
      const serverOnly = (salt: string) =>
        Buffer.from(hkdfSync('sha256', serverSecret, Buffer.from(salt), 'pigeon/session-password/v1', 32));
      for (const key of [
        serverSecret.subarray(0, 32),
        Buffer.from(String(row.secretHash), 'hex'),
        serverOnly(sessionId),
        serverOnly(''),
      ]) {
        expect(() => openPassword(sealed, key, sessionId)).toThrow();
      }
      // and the real cookie secret does open it: the test above would catch a broken check, not a broken box
      expect(openPassword(sealed, derivePasswordKey({ serverSecret, cookieSecret, sessionId }), sessionId)).toBe(
        tricky.password,
      );
    } finally {
      await t.close();
    }
  });
});
