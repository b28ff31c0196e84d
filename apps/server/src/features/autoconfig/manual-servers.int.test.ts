import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type SignInServers } from '@pigeon/shared';
import { fixtureUser, mailFixture } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { getCsrf } from '../../../test/auth-helpers.ts';
import { SESSION_COOKIE } from '../../core/session.plugin.ts';
import { startCountingListener } from './test-support/discovery-lab.ts';
import type { ManualServers } from './manual-servers.ts';

// Sign-in with the page's "Advanced settings" against the real Dovecot; refusals must open no connection.
const alice = fixtureUser('alice');
const fixtureServers = (): ManualServers => ({
  imap: { host: '127.0.0.1', port: mailFixture.ports.imaps, tls: 'tls' },
  smtp: { host: '127.0.0.1', port: mailFixture.ports.submissions, tls: 'tls' },
});

const postSignIn = async (t: TestApp, body: { email: string; password: string; servers?: SignInServers }) => {
  const csrf = await getCsrf(t.app);
  return t.app.inject({ method: 'POST', url: apiRoutes.signIn, headers: csrf.headers, payload: body });
};
type Inject = Awaited<ReturnType<typeof postSignIn>>;
const errorOf = (res: Inject) =>
  res.json<{ error: { code: string; field?: string; details?: Record<string, unknown> } }>().error;
const sessionIdOf = (res: Inject) => res.cookies.find((c) => c.name === SESSION_COOKIE)?.value.split('.')[0];

describe('sign-in with manual servers, discovery configured (MAIL_ALLOWED_HOSTS=127.0.0.1, no MAIL_DOMAINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ mailDomains: {}, mailDefault: null, mailAllowedHosts: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in on the typed servers, stores them with the account and caches nothing for the domain', async () => {
    await t.db.prisma.discoveredServers.deleteMany({ where: { domain: mailFixture.domain } });
    const res = await postSignIn(t, { ...alice, servers: { ...fixtureServers(), login: alice.email.toUpperCase() } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: alice.email });
    const row = await t.db.prisma.accountPassword.findFirst({
      where: { sessionId: sessionIdOf(res)! },
      include: { account: true },
    });
    expect(row?.account).toMatchObject({
      address: alice.email,
      protocol: 'imap',
      isPrimary: true,
      incomingHost: '127.0.0.1',
      incomingPort: mailFixture.ports.imaps,
      incomingTls: 'tls',
      smtpPort: mailFixture.ports.submissions,
      smtpTls: 'tls',
      // later connections go to the addresses the guard approved, not to a fresh lookup of the names
      incomingAddress: '127.0.0.1',
      smtpAddress: '127.0.0.1',
    });
    expect(await t.db.prisma.discoveredServers.findUnique({ where: { domain: mailFixture.domain } })).toBeNull();
  });

  it('answers a wrong password on the typed servers with auth.invalid_credentials', async () => {
    const res = await postSignIn(t, { email: alice.email, password: 'wrong-password', servers: fixtureServers() });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('auth.invalid_credentials');
  });

  it('refuses a loopback address that is not allowlisted (127.0.0.2) before opening any connection', async () => {
    const listener = await startCountingListener('127.0.0.2');
    try {
      for (const kind of ['imap', 'smtp'] as const) {
        const servers = fixtureServers();
        servers[kind] = { host: '127.0.0.2', port: listener.port, tls: 'tls' };
        const res = await postSignIn(t, { ...alice, servers });
        expect(res.statusCode).toBe(403);
        expect(errorOf(res)).toMatchObject({ code: 'mail.server_not_allowed', details: { server: '127.0.0.2' } });
        expect(sessionIdOf(res)).toBeUndefined();
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('refuses a username that is not the address or its local part', async () => {
    const res = await postSignIn(t, { ...alice, servers: { ...fixtureServers(), login: 'bob@school.test' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'validation.invalid', field: 'servers.login' });
  });

  it('refuses plaintext and malformed servers by schema', async () => {
    const plain = { ...fixtureServers(), imap: { host: '127.0.0.1', port: mailFixture.ports.imap, tls: 'none' } };
    const res = await postSignIn(t, { ...alice, servers: plain as unknown as SignInServers });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('validation.invalid');
  });
});

describe('sign-in with manual servers under other policies', () => {
  it('MAIL_ALLOWED_HOSTS=* (the default): a host outside the address domain is refused without a connection', async () => {
    const listener = await startCountingListener('127.0.0.1');
    const t = await buildTestApp({ mailDomains: {}, mailDefault: null, mailAllowedHosts: null });
    try {
      const servers = fixtureServers();
      servers.imap.port = listener.port;
      const res = await postSignIn(t, { ...alice, servers });
      expect(res.statusCode).toBe(403);
      expect(errorOf(res)).toMatchObject({ code: 'mail.server_not_allowed', details: { server: '127.0.0.1' } });
      expect(listener.connections()).toBe(0);
    } finally {
      await t.close();
      await listener.close();
    }
  });

  it('MAIL_DOMAINS pins the domain: other servers are refused, the admin servers themselves are accepted', async () => {
    const t = await buildTestApp(); // pins school.test to IMAP/submission with STARTTLS
    try {
      const other = await postSignIn(t, { ...alice, servers: fixtureServers() });
      expect(other.statusCode).toBe(403);
      expect(errorOf(other)).toMatchObject({ code: 'mail.server_not_allowed', details: { pinned: true } });

      const pinned: SignInServers = {
        imap: { host: mailFixture.host, port: mailFixture.ports.imap, tls: 'starttls' },
        smtp: { host: mailFixture.host, port: mailFixture.ports.submission, tls: 'starttls' },
      };
      const same = await postSignIn(t, { ...alice, servers: pinned });
      expect(same.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
