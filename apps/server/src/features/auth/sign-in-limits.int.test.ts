// Sign-in limits against the real app and the real Dovecot: a spoofed X-Forwarded-For, IPv6 /64 keys, known
// devices under attack, and a provider's refusal counted like any wrong password (docs/decisions/013-abuse-limits.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, apiRoutes } from '@pigeon/shared';
import { fixtureUser, mailFixture } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { cookieHeader, setCookies } from '../../../test/auth-helpers.ts';
import { createDiscoveryRepository } from '../autoconfig/autoconfig.repository.ts';
import { startFakeDns, type FakeDns } from '../autoconfig/test-support/discovery-lab.ts';
import { KNOWN_DEVICE_COOKIE } from './known-device.ts';

const alice = fixtureUser('alice');
const carol = fixtureUser('carol');

type Inject = Awaited<ReturnType<TestApp['app']['inject']>>;

/** One browser: keeps its cookies between requests, like the real one. */
function browser(t: TestApp, network: { remoteAddress?: string; headers?: Record<string, string> } = {}) {
  const jar: Record<string, string> = {};
  return {
    jar,
    async signIn(email: string, password: string): Promise<Inject> {
      // the CSRF token is bound to the browser's session (if any), so it is asked for with the browser's cookies
      const csrf = await t.app.inject({ method: 'GET', url: apiRoutes.csrf, headers: { cookie: cookieHeader(jar) } });
      for (const [k, v] of Object.entries(setCookies(csrf))) if (v) jar[k] = v;
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.signIn,
        headers: {
          [CSRF_HEADER]: csrf.json<{ csrfToken: string }>().csrfToken,
          cookie: cookieHeader(jar),
          ...network.headers,
        },
        payload: { email, password },
        ...(network.remoteAddress ? { remoteAddress: network.remoteAddress } : {}),
      });
      for (const [k, v] of Object.entries(setCookies(res))) if (v) jar[k] = v;
      return res;
    },
  };
}
const codeOf = (res: Inject) => res.json<{ error?: { code: string } }>().error?.code ?? String(res.statusCode);

describe('the client address', () => {
  it('is the one the trusted proxy added, not one the client wrote in front of it (X-Forwarded-For spoofing)', async () => {
    const t = await buildTestApp({
      trustProxy: { addresses: ['127.0.0.1'] },
      signInLimitPerIp: 2,
      signInLimitPerAccount: 100,
    });
    try {
      // each request claims another first hop; the proxy (127.0.0.1, app.inject's peer) saw 10.1.2.3 every time
      const via = (claimed: string, real: string) =>
        browser(t, { headers: { 'x-forwarded-for': `${claimed}, ${real}` } });
      expect((await via('203.0.113.1', '10.1.2.3').signIn(alice.email, 'wrong')).statusCode).toBe(401);
      expect((await via('203.0.113.2', '10.1.2.3').signIn(alice.email, 'wrong')).statusCode).toBe(401);
      expect(codeOf(await via('203.0.113.77', '10.1.2.3').signIn(carol.email, carol.password))).toBe(
        'auth.rate_limited',
      );
      expect((await via('203.0.113.77', '10.1.2.4').signIn(carol.email, carol.password)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('is counted by /64 for IPv6', async () => {
    const t = await buildTestApp({ signInLimitPerIp: 2, signInLimitPerAccount: 100 });
    try {
      expect((await browser(t, { remoteAddress: '2001:db8:5:5::1' }).signIn(alice.email, 'x')).statusCode).toBe(401);
      expect((await browser(t, { remoteAddress: '2001:db8:5:5::2' }).signIn(alice.email, 'x')).statusCode).toBe(401);
      const sameNet = browser(t, { remoteAddress: '2001:db8:5:5:abcd:1234:5678:9' });
      expect(codeOf(await sameNet.signIn(carol.email, carol.password))).toBe('auth.rate_limited');
      expect(
        (await browser(t, { remoteAddress: '2001:db8:5:6::1' }).signIn(carol.email, carol.password)).statusCode,
      ).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('known devices', () => {
  it('sign in with the right password while the account is under attack from unknown devices', async () => {
    const t = await buildTestApp({ signInLimitPerAccount: 2, signInLimitPerIp: 100 });
    try {
      const laptop = browser(t, { remoteAddress: '10.20.0.1' });
      const first = await laptop.signIn(alice.email, alice.password);
      expect(first.statusCode).toBe(200);
      const raw = [first.headers['set-cookie']].flat().find((c) => c?.startsWith(`${KNOWN_DEVICE_COOKIE}=`))!;
      expect(raw).toMatch(/; HttpOnly/i);
      expect(raw).toMatch(/; SameSite=Strict/i);
      expect(raw).toMatch(/; Max-Age=31536000/i);
      expect(raw).not.toContain('alice');

      // the attacker guesses from elsewhere until the account is blocked for unknown devices
      const attacker = browser(t, { remoteAddress: '198.51.100.7' });
      for (let i = 0; i < 2; i++) expect((await attacker.signIn(alice.email, `guess-${i}`)).statusCode).toBe(401);
      expect(codeOf(await attacker.signIn(alice.email, alice.password))).toBe('auth.rate_limited');
      expect(codeOf(await browser(t, { remoteAddress: '10.20.0.2' }).signIn(alice.email, alice.password))).toBe(
        'auth.rate_limited',
      );

      // the laptop signed in here before: its cookie still lets the right password through
      expect((await laptop.signIn(alice.email, alice.password)).statusCode).toBe(200);
      // a known device that keeps failing is limited on its own
      for (let i = 0; i < 2; i++) expect((await laptop.signIn(alice.email, 'typo')).statusCode).toBe(401);
      expect(codeOf(await laptop.signIn(alice.email, alice.password))).toBe('auth.rate_limited');
      // and the known-device cookie of one account vouches for no other
      const stolen = browser(t, { remoteAddress: '198.51.100.7' });
      Object.assign(stolen.jar, { [KNOWN_DEVICE_COOKIE]: laptop.jar[KNOWN_DEVICE_COOKIE]! });
      expect(codeOf(await stolen.signIn(alice.email, alice.password))).toBe('auth.rate_limited');
    } finally {
      await t.close();
    }
  });
});

describe('a provider that refuses the account password', () => {
  let dns: FakeDns;
  beforeAll(async () => {
    dns = await startFakeDns({}); // nothing else is found: the cached servers are the only candidate
  });
  afterAll(async () => {
    await dns?.close();
  });

  it('counts auth.provider_requires_app_password as a rejected credential', async () => {
    const t = await buildTestApp({
      mailDomains: {},
      mailAllowedHosts: ['127.0.0.1'],
      signInLimitPerAccount: 2,
      signInLimitPerIp: 100,
      discovery: discoveryLab(dns),
    });
    const cache = createDiscoveryRepository(t.db.prisma);
    try {
      // the domain's servers as discovery cached them, recognised as Google Workspace
      await cache.put(
        'school.test',
        {
          source: 'mx',
          imap: { host: mailFixture.host, port: mailFixture.ports.imap, tls: 'starttls' },
          smtp: { host: mailFixture.host, port: mailFixture.ports.submission, tls: 'starttls' },
          usernameTemplate: '%EMAILADDRESS%',
          passwordWorks: false,
          provider: 'google',
        },
        new Date(),
      );
      const guesser = browser(t, { remoteAddress: '198.51.100.8' });
      for (let i = 0; i < 2; i++)
        expect(codeOf(await guesser.signIn(alice.email, `guess-${i}`))).toBe('auth.provider_requires_app_password');
      expect(codeOf(await guesser.signIn(alice.email, 'guess-3'))).toBe('auth.rate_limited');
    } finally {
      await cache.remove('school.test');
      await t.close();
    }
  });
});

function discoveryLab(dns: FakeDns) {
  return {
    enabled: true,
    dnsServers: [dns.server],
    ispdbUrl: null,
    autoconfigScheme: 'http' as const,
    autoconfigPort: 1,
    sourceTimeoutMs: 1000,
    loginTimeoutMs: 5000,
    cacheTtlHours: 168,
    guessPorts: { imaps: 1, imap: 1, smtps: 1, smtp: 1, pop3s: 1, pop3: 1 },
  };
}

describe('request rates and session caps', () => {
  it('limits sign-ins per client per minute, successful ones too', async () => {
    const t = await buildTestApp({ signInRatePerMinute: 2 });
    try {
      const from = (ip: string) => browser(t, { remoteAddress: ip });
      expect((await from('10.30.0.1').signIn(alice.email, alice.password)).statusCode).toBe(200);
      expect((await from('10.30.0.1').signIn(carol.email, carol.password)).statusCode).toBe(200);
      const third = await from('10.30.0.1').signIn(carol.email, carol.password);
      expect(codeOf(third)).toBe('auth.rate_limited');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('10.30.0.2').signIn(carol.email, carol.password)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('limits GET /api/autoconfig per client per minute', async () => {
    const t = await buildTestApp({ autoconfigRatePerMinute: 2 });
    try {
      const ask = (ip: string, local: string) =>
        t.app.inject({
          method: 'GET',
          url: `${apiRoutes.autoconfigPath}?email=${local}%40school.test`,
          remoteAddress: ip,
        });
      expect((await ask('10.40.0.1', 'a1')).statusCode).toBe(200);
      expect((await ask('10.40.0.1', 'a2')).statusCode).toBe(200);
      const refused = await ask('10.40.0.1', 'a3');
      expect(refused.statusCode).toBe(429);
      expect(codeOf(refused)).toBe('autoconfig.rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await ask('10.40.0.2', 'a3')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('caps the signed-in sessions of one user', async () => {
    const t = await buildTestApp({ sessionsMaxPerUser: 2 });
    try {
      await t.db.prisma.session.deleteMany({ where: { user: { email: carol.email } } });
      const first = browser(t);
      expect((await first.signIn(carol.email, carol.password)).statusCode).toBe(200);
      expect((await browser(t).signIn(carol.email, carol.password)).statusCode).toBe(200);
      const third = await browser(t).signIn(carol.email, carol.password);
      expect(third.statusCode).toBe(429);
      expect(codeOf(third)).toBe('auth.too_many_sessions');
      // the same browser signing in again replaces its own session rather than adding one
      expect((await first.signIn(carol.email, carol.password)).statusCode).toBe(200);
      expect(await t.db.prisma.session.count({ where: { user: { email: carol.email } } })).toBe(2);
    } finally {
      await t.db.prisma.session.deleteMany({ where: { user: { email: carol.email } } });
      await t.close();
    }
  });

  it('caps the users with a live session on this instance', async () => {
    const t = await buildTestApp({ liveSessionsMax: 1 });
    try {
      const live = t.app.live;
      expect((await browser(t).signIn(alice.email, alice.password)).statusCode).toBe(200);
      await waitUntil(() => live.accountCount === 1);
      const bob = await browser(t).signIn(fixtureUser('bob').email, fixtureUser('bob').password);
      expect(bob.statusCode).toBe(503);
      expect(codeOf(bob)).toBe('auth.server_full');
      // a user whose live session already runs here is not a new one
      expect((await browser(t).signIn(alice.email, alice.password)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
