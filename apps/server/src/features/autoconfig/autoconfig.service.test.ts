import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error.ts';
import type { ImapLogin } from '../../imap/connect.ts';
import type { DiscoveryCache } from './autoconfig.repository.ts';
import {
  findMailServers,
  OnlyGuessesFailed,
  resolveMailServers,
  type DiscoveryOptions,
  type DiscoverySettings,
} from './autoconfig.service.ts';
import type { Candidate } from './discovery-sources.ts';
import {
  configXml,
  startCountingListener,
  startFakeDns,
  startFakeWeb,
  type FakeDns,
  type FakeWeb,
} from './test-support/discovery-lab.ts';

// Real DNS (dns2) and HTTP peers on loopback; the IMAP login itself is a fake that records where it was asked
// to connect and never opens a socket. Every address in the zone is in 127.0.0.0/8.
let dns: FakeDns;
let web: FakeWeb;
let tcp: Awaited<ReturnType<typeof startCountingListener>>;
let forbidden: Awaited<ReturnType<typeof startCountingListener>>;
const PORT = 21993;
const MAIL = '127.0.0.1';

beforeAll(async () => {
  // something that answers TCP on 127.0.0.1 (for guessed SMTP/IMAP ports) and a listener on 127.0.0.2 that must never see a connection
  tcp = await startCountingListener('127.0.0.1');
  forbidden = await startCountingListener('127.0.0.2', tcp.port);
  const a = (ip = MAIL) => ({ A: [ip] });
  dns = await startFakeDns(
    {
      'autoconfig.auto.test': a(),
      'imap.auto.test': a(),
      'smtp.auto.test': a(),
      'wk.test': a(),
      'imap.wk.test': a(),
      'smtp.wk.test': a(),
      'imap.ispdb.test': a(),
      'smtp.ispdb.test': a(),
      '_imaps._tcp.srv.test': { SRV: [{ target: 'imap.srv.test', port: PORT }] },
      '_submission._tcp.srv.test': { SRV: [{ target: 'smtp.srv.test', port: 21587 }] },
      '_pop3s._tcp.srv.test': { SRV: [{ target: 'pop.srv.test', port: 995 }] },
      'imap.srv.test': a(),
      'smtp.srv.test': a(),
      'guess.test': { MX: [{ exchange: 'mx.guess.test', priority: 10 }] },
      'imap.guess.test': a(),
      'mail.guess.test': a('127.0.0.3'),
      'smtp.guess.test': a(),
      // every source answers for all.test: autoconfig must win
      'autoconfig.all.test': a(),
      'imap.all.test': a(),
      'smtp.all.test': a(),
      '_imaps._tcp.all.test': { SRV: [{ target: 'imap.all.test', port: 1993 }] },
      'autoconfig.slow.test': a(),
      '_imaps._tcp.slow.test': { SRV: [{ target: 'imap.slow.test', port: PORT }] },
      'imap.slow.test': a(),
      'smtp.slow.test': a(),
      'autoconfig.bad.test': a(),
      'imap.bad.test': a(),
      'smtp.bad.test': a(),
      'autoconfig.tpl.test': a(),
      'mail.tpl.test': a(),
      'smtp.tpl.test': a(),
      'school.tpl.test': a(),
      'autoconfig.loop.test': a(),
      'imap.loop.test': a('127.0.0.2'),
      'smtp.loop.test': a(),
      '_imaps._tcp.srvloop.test': { SRV: [{ target: 'imap.srvloop.test', port: tcp.port }] },
      'imap.srvloop.test': a('127.0.0.2'),
      'redirect.test': a(),
      'autoconfig.redirect.test': a(),
      'imap.redirect.test': a(),
      'smtp.redirect.test': a(),
      'gws.test': {
        MX: [
          { exchange: 'aspmx.l.google.com', priority: 1 },
          { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
        ],
      },
      'm365.test': { MX: [{ exchange: 'm365-test.mail.protection.outlook.com', priority: 0 }] },
      // the providers' hosts resolve to loopback here: nothing ever leaves the machine
      'imap.gmail.com': a(),
      'smtp.gmail.com': a(),
      'outlook.office365.com': a(),
      'smtp.office365.com': a(),
      'autoconfig.admin.test': a(),
      // contra.test: autoconfig's server refuses the password, SRV's lower-ranked one accepts it
      'autoconfig.contra.test': a(),
      'imap.contra.test': a(),
      'smtp.contra.test': a(),
      '_imaps._tcp.contra.test': { SRV: [{ target: 'imap2.contra.test', port: 2994 }] },
      'imap2.contra.test': a(),
      '_imaps._tcp.srvonly.test': { SRV: [{ target: 'imap.srvonly.test', port: 2994 }] },
      'imap.srvonly.test': a(),
      'autoconfig.moved.test': a(),
      'imap.moved.test': a(),
      'smtp.moved.test': a(),
      'autoconfig.plain.test': a(),
      'imap.plain.test': a(),
      'smtp.plain.test': a(),
      'autoconfig.cache.test': a(),
      'imap.cache.test': a(),
      'smtp.cache.test': a(),
    },
    ['imap.slow.test.never'],
  );
  const xml = (host: string, port = PORT, extra: Partial<Parameters<typeof configXml>[0]> = {}) => ({
    body: configXml({
      imapHost: host,
      imapPort: port,
      smtpHost: host.replace(/^imap/, 'smtp'),
      smtpPort: 465,
      ...extra,
    }),
  });
  web = await startFakeWeb({
    'autoconfig.auto.test/mail/config-v1.1.xml': xml('imap.auto.test'),
    'wk.test/.well-known/autoconfig/mail/config-v1.1.xml': xml('imap.wk.test'),
    '127.0.0.1/v1.1/ispdb.test': xml('imap.ispdb.test'),
    'autoconfig.all.test/mail/config-v1.1.xml': xml('imap.all.test'),
    '127.0.0.1/v1.1/all.test': xml('imap.all.test', 2993),
    'autoconfig.slow.test/mail/config-v1.1.xml': { hang: true },
    'autoconfig.bad.test/mail/config-v1.1.xml': {
      body: readFileSync(new URL('./fixtures/malformed.xml', import.meta.url), 'utf8'),
    },
    'autoconfig.tpl.test/mail/config-v1.1.xml': xml('mail.%EMAILDOMAIN', PORT, { username: '%EMAILLOCALPART' }),
    'autoconfig.loop.test/mail/config-v1.1.xml': xml('imap.loop.test', tcp.port),
    'autoconfig.redirect.test/mail/config-v1.1.xml': { redirect: `http://127.0.0.2:${tcp.port}/evil.xml` },
    'redirect.test/.well-known/autoconfig/mail/config-v1.1.xml': { redirect: 'http://10.0.0.1/config.xml' },
    '127.0.0.1/v1.1/google.com': { body: readFileSync(new URL('./fixtures/oauth-only.xml', import.meta.url), 'utf8') },
    'autoconfig.cache.test/mail/config-v1.1.xml': xml('imap.cache.test'),
    'autoconfig.contra.test/mail/config-v1.1.xml': xml('imap.contra.test'),
    'autoconfig.moved.test/mail/config-v1.1.xml': xml('imap.moved.test'),
    'autoconfig.plain.test/mail/config-v1.1.xml': xml('imap.plain.test', 2996, {
      imapSocket: 'plain',
      smtpSocket: 'plain',
    }),
  });
});

afterAll(async () => {
  await Promise.all([dns?.close(), web?.close(), tcp?.close(), forbidden?.close()]);
});

const settings = (
  over: Partial<DiscoverySettings> = {},
  discovery: Partial<DiscoverySettings['discovery']> = {},
): DiscoverySettings => ({
  mailDomains: {},
  mailDefault: null,
  signInAllowedDomains: null,
  mailAllowedHosts: ['127.0.0.1'],
  mailTlsCaFile: null,
  mailTlsRejectUnauthorized: true,
  ...over,
  discovery: {
    enabled: true,
    dnsServers: [dns.server],
    ispdbUrl: `http://127.0.0.1:${web.port}/v1.1/`,
    autoconfigScheme: 'http',
    autoconfigPort: web.port,
    sourceTimeoutMs: 2000,
    loginTimeoutMs: 2000,
    cacheTtlHours: 168,
    guessPorts: { imaps: tcp.port, imap: 1, smtps: tcp.port, smtp: 1, pop3s: 1, pop3: 1 },
    ...discovery,
  },
});

/** A fake IMAP login: accepts `password` for the listed `address:port` targets; records every call. */
function fakeLogin(accept: string[], password = 'pw', refuse: string[] = []) {
  const calls: ImapLogin[] = [];
  const login = async (l: ImapLogin) => {
    calls.push(l);
    const target = `${l.server.address}:${l.server.port}`;
    if (!l.server.address?.startsWith('127.')) throw new Error(`test bug: asked to connect to ${target}`);
    if (refuse.includes(`${l.server.host}:${l.server.port}`))
      throw new AppError(401, 'auth.invalid_credentials', 'this server refuses that password');
    if (!accept.includes(target)) throw new AppError(502, 'mail.server_unreachable', `Could not reach ${target}`);
    if (l.password !== password) throw new AppError(401, 'auth.invalid_credentials', 'wrong password');
    return { logout: async () => undefined, close: () => undefined };
  };
  return { calls, login };
}

const memoryCache = (): DiscoveryCache & { rows: Map<string, { candidate: Candidate; verifiedAt: Date }> } => {
  const rows = new Map<string, { candidate: Candidate; verifiedAt: Date }>();
  return {
    rows,
    get: async (d) => rows.get(d) ?? null,
    put: async (d, candidate, verifiedAt) => void rows.set(d, { candidate, verifiedAt }),
    remove: async (d) => void rows.delete(d),
  };
};

const sign = (
  email: string,
  o: DiscoveryOptions & { accept?: string[]; refuse?: string[]; s?: DiscoverySettings } = {},
) => {
  const fake = fakeLogin(o.accept ?? [`${MAIL}:${PORT}`], 'pw', o.refuse);
  const result = resolveMailServers(email, o.s ?? settings(), {
    password: o.password ?? 'pw',
    cache: o.cache ?? null,
    io: { login: fake.login, ...o.io },
    log: o.log,
  });
  return { result, calls: fake.calls };
};

describe('resolveMailServers: each source on its own', () => {
  it('autoconfig.<domain>', async () => {
    const { result, calls } = sign('alice@auto.test');
    expect(await result).toMatchObject({
      source: 'autoconfig',
      imap: { host: 'imap.auto.test', port: PORT, tls: 'tls', address: MAIL },
      smtp: { host: 'smtp.auto.test', port: 465 },
      login: 'alice@auto.test',
    });
    expect(calls.find((c) => c.server.port === PORT)!.server).toEqual({
      host: 'imap.auto.test',
      port: PORT,
      tls: 'tls',
      address: MAIL,
    });
    expect(web.requests).toContain(`autoconfig.auto.test /mail/config-v1.1.xml?emailaddress=alice%40auto.test`);
  });

  it('<domain>/.well-known/autoconfig', async () => {
    expect(await sign('alice@wk.test').result).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.wk.test' } });
  });

  it('the ISPDB', async () => {
    expect(await sign('alice@ispdb.test').result).toMatchObject({
      source: 'ispdb',
      imap: { host: 'imap.ispdb.test' },
      smtp: { host: 'smtp.ispdb.test' },
    });
  });

  it('DNS SRV (RFC 6186), implicit TLS and submission', async () => {
    expect(await sign('alice@srv.test').result).toMatchObject({
      source: 'srv',
      imap: { host: 'imap.srv.test', port: PORT, tls: 'tls' },
      smtp: { host: 'smtp.srv.test', port: 21587, tls: 'starttls' },
    });
  });

  it('guessing imap./mail./smtp., implicit TLS first, while another guess is unreachable', async () => {
    const { result, calls } = sign('alice@guess.test', { accept: [`${MAIL}:${tcp.port}`] });
    expect(await result).toMatchObject({
      source: 'guess',
      imap: { host: 'imap.guess.test', port: tcp.port, tls: 'tls' },
      smtp: { host: 'smtp.guess.test', port: tcp.port, tls: 'tls' },
    });
    expect(calls.map((c) => c.server.host)).toContain('imap.guess.test');
  });
});

describe('resolveMailServers: precedence and timing', () => {
  it('admin settings win without any lookup, then cache, then autoconfig over ISPDB, SRV and guessing', async () => {
    const before = dns.queries.length;
    const admin = {
      imap: { host: '127.0.0.1', port: 21143, tls: 'starttls' as const },
      smtp: { host: '127.0.0.1', port: 21587, tls: 'starttls' as const },
    };
    expect(
      await sign('alice@admin.test', { s: settings({ mailDomains: { 'admin.test': admin } }) }).result,
    ).toMatchObject({ source: 'admin', imap: admin.imap });
    expect(dns.queries.length).toBe(before);

    const { result } = sign('alice@all.test', {
      accept: [`${MAIL}:${PORT}`, `${MAIL}:2993`, `${MAIL}:1993`, `${MAIL}:${tcp.port}`],
    });
    expect(await result).toMatchObject({ source: 'autoconfig', imap: { port: PORT } });
  });

  it('reuses a cached winner with its source and age, and rediscovers when it stops working', async () => {
    const cache = memoryCache();
    expect(await sign('alice@cache.test', { cache }).result).toMatchObject({ source: 'autoconfig' });
    expect(cache.rows.get('cache.test')?.candidate.source).toBe('autoconfig');
    const asked = web.requests.length;
    expect(await sign('bob@cache.test', { cache }).result).toMatchObject({
      source: 'cache',
      login: 'bob@cache.test',
      imap: { address: MAIL },
    });
    expect(web.requests.length).toBe(asked);
    const found = await findMailServers('bob@cache.test', settings(), {
      cache,
      io: { now: () => new Date(Date.now() + 90_000) },
    });
    expect(found).toMatchObject({
      source: 'cache',
      cachedFrom: 'autoconfig',
      incoming: { host: 'imap.cache.test', username: 'bob@cache.test' },
    });
    expect(found.ageSeconds).toBeGreaterThanOrEqual(90);

    cache.rows.get('cache.test')!.candidate.imap.port = 4; // the server moved
    expect(await sign('bob@cache.test', { cache }).result).toMatchObject({ source: 'autoconfig' });
    expect(cache.rows.get('cache.test')?.candidate.imap.port).toBe(PORT);
  });

  it('a slow source of higher precedence delays a good one only until its timeout', async () => {
    // the timeout bounds the good source too: 300 ms let SRV itself time out once at load ~20 (stop 22)
    const { result } = sign('alice@slow.test', { s: settings({}, { sourceTimeoutMs: 2_000 }) });
    expect(await result).toMatchObject({ source: 'srv', imap: { host: 'imap.slow.test' } });
  });

  it('does not wait for slower sources of lower precedence', async () => {
    // guessing would take the whole (60 s) source timeout here: mx.auto.test and imap.auto.test's guesses hang
    dns.zone.set('auto.test', { MX: [{ exchange: 'mx.auto.test', priority: 1 }] });
    const { result } = sign('carol@auto.test', {
      s: settings({}, { sourceTimeoutMs: 60_000 }),
      io: { canConnect: () => new Promise(() => {}) },
    });
    expect(await result).toMatchObject({ source: 'autoconfig' });
  });
});

describe('resolveMailServers: what is cached and what is used', () => {
  it('signs in to a lower-ranked server that a better one contradicted, but caches nothing', async () => {
    const cache = memoryCache();
    const { result } = sign('mallory@contra.test', {
      cache,
      accept: [`${MAIL}:2994`],
      refuse: [`imap.contra.test:${PORT}`],
    });
    expect(await result).toMatchObject({ source: 'srv', imap: { host: 'imap2.contra.test' } });
    expect(cache.rows.has('contra.test')).toBe(false);
  });

  it('caches a lower-ranked winner when the better candidates never answered the login', async () => {
    const cache = memoryCache();
    const { result } = sign('alice@contra.test', { cache, accept: [`${MAIL}:2994`] });
    expect(await result).toMatchObject({ source: 'srv' });
    expect(cache.rows.get('contra.test')?.candidate.imap.host).toBe('imap2.contra.test');
  });

  it('never caches a guess', async () => {
    const cache = memoryCache();
    expect(await sign('alice@guess.test', { cache, accept: [`${MAIL}:${tcp.port}`] }).result).toMatchObject({
      source: 'guess',
    });
    expect(cache.rows.has('guess.test')).toBe(false);
  });

  it('rediscovers when the cached server starts refusing the password, and keeps the refusal if nothing else answers', async () => {
    const cache = memoryCache();
    expect(await sign('alice@moved.test', { cache }).result).toMatchObject({ source: 'autoconfig' });
    // the domain moved: the cached server now refuses every password, the new one (autoconfig) accepts it
    cache.rows.get('moved.test')!.candidate.imap = { host: 'imap.old-moved.test', port: 2995, tls: 'tls' };
    dns.zone.set('imap.old-moved.test', { A: [MAIL] });
    const moved = sign('alice@moved.test', { cache, refuse: ['imap.old-moved.test:2995'] });
    expect(await moved.result).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.moved.test' } });
    expect(cache.rows.get('moved.test')?.candidate.imap.host).toBe('imap.moved.test');
    // only the cached server exists and it refuses: that answer stands
    const only = memoryCache();
    expect(await sign('alice@srvonly.test', { cache: only, accept: [`${MAIL}:2994`] }).result).toMatchObject({
      source: 'srv',
    });
    const { result } = sign('alice@srvonly.test', { cache: only, refuse: ['imap.srvonly.test:2994'] });
    await expect(result).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    expect(only.rows.has('srvonly.test')).toBe(true);
  });

  it('a named server that does not answer is unreachable, not "only guesses failed"', async () => {
    const { result } = sign('alice@srvonly.test', { accept: [] });
    const err = await result.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'mail.server_unreachable' });
    expect(err).not.toBeInstanceOf(OnlyGuessesFailed);
  });

  it('never uses a plain-text (socketType=plain) server, found or cached', async () => {
    // (guessing still probes imap.plain.test on its TLS ports; nothing there accepts the login)
    const plainCalls = (calls: ImapLogin[]) => calls.filter((c) => c.server.port === 2996 || c.server.tls === 'none');
    const { result, calls } = sign('alice@plain.test', { accept: [`${MAIL}:2996`] });
    await expect(result).rejects.toMatchObject({ code: 'mail.server_unreachable' });
    // only guesses failed: sign-in may still ask POP3 discovery (account-servers.ts)
    await expect(result).rejects.toBeInstanceOf(OnlyGuessesFailed);
    expect(calls.length).toBeGreaterThan(0);
    expect(plainCalls(calls)).toEqual([]);
    const cache = memoryCache();
    await cache.put(
      'plain.test',
      {
        source: 'autoconfig',
        imap: { host: 'imap.plain.test', port: 2996, tls: 'none' },
        smtp: null,
        usernameTemplate: '%EMAILADDRESS%',
        passwordWorks: true,
        provider: null,
      },
      new Date(),
    );
    const cached = sign('alice@plain.test', { cache, accept: [`${MAIL}:2996`] });
    await expect(cached.result).rejects.toMatchObject({ code: 'mail.server_unreachable' });
    expect(plainCalls(cached.calls)).toEqual([]);
  });
});

describe('resolveMailServers: parsing, placeholders, providers', () => {
  it('logs malformed XML with a reason and skips it, never with the address from the URL query', async () => {
    const warnings: unknown[] = [];
    const lines: unknown[] = [];
    const keep = (o: unknown) => void lines.push(o);
    const log = { debug: keep, info: keep, warn: (o: unknown) => void (warnings.push(o), keep(o)) };
    await expect(sign('alice@bad.test', { log, accept: [`${MAIL}:${tcp.port}`] }).result).resolves.toMatchObject({
      source: 'guess',
    });
    expect(warnings).toContainEqual(
      expect.objectContaining({
        url: expect.stringContaining('autoconfig.bad.test'),
        reason: expect.stringMatching(/^malformed XML/),
      }),
    );
    // the autoconfig.<domain> URL is asked with ?emailaddress=alice%40bad.test; no log line repeats it
    expect(JSON.stringify(lines)).not.toMatch(/emailaddress|alice/);
  });

  it('expands %EMAILLOCALPART% and %EMAILDOMAIN% (even without the closing %)', async () => {
    const { result, calls } = sign('Kim.Minji@tpl.test');
    expect(await result).toMatchObject({ imap: { host: 'mail.tpl.test' }, login: 'Kim.Minji' });
    expect(calls.find((c) => c.server.host === 'mail.tpl.test' && c.server.port === PORT)!.login).toBe('Kim.Minji');
  });

  it.each([
    ['gws.test', 'google', 'imap.gmail.com'],
    ['m365.test', 'microsoft', 'outlook.office365.com'],
  ])('recognises %s by its MX as %s: candidates say the password will not work', async (domain, provider, host) => {
    const s = settings({ mailAllowedHosts: ['127.0.0.1', host, host.replace(/^(imap|outlook)/, 'smtp')] });
    expect(await findMailServers(`alice@${domain}`, s)).toMatchObject({
      found: true,
      source: 'mx',
      provider,
      passwordWorks: false,
      incoming: { host },
    });
  });

  it('answers auth.provider_requires_app_password when the provider refuses the password', async () => {
    const s = settings({ mailAllowedHosts: ['127.0.0.1', '*.gmail.com'] });
    const { result } = sign('alice@gws.test', { s, password: 'account-password', accept: [`${MAIL}:993`] });
    await expect(result).rejects.toMatchObject({
      statusCode: 401,
      code: 'auth.provider_requires_app_password',
      extra: { details: { provider: 'google' } },
    });
  });
});

describe('resolveMailServers: policy and SSRF guard', () => {
  it('refuses, before any connection, an autoconfig that points at 127.0.0.2 (not allowlisted)', async () => {
    const { result, calls } = sign('alice@loop.test', { accept: [`127.0.0.2:${tcp.port}`] });
    await expect(result).rejects.toMatchObject({
      code: 'mail.server_not_allowed',
      extra: { details: { server: 'imap.loop.test' } },
    });
    expect(calls.filter((c) => c.server.host === 'imap.loop.test')).toEqual([]);
    expect(forbidden.connections()).toBe(0);
  });

  it('refuses an SRV record that points at 127.0.0.2, and redirects to loopback or private addresses', async () => {
    const { result, calls } = sign('alice@srvloop.test', { accept: [`127.0.0.2:${tcp.port}`] });
    await expect(result).rejects.toMatchObject({ code: 'mail.server_not_allowed' });
    expect(calls).toEqual([]);
    expect(await findMailServers('alice@redirect.test', settings())).toMatchObject({ source: 'guess' });
    expect(web.requests.some((r) => r.includes('evil.xml'))).toBe(false);
    expect(forbidden.connections()).toBe(0);
  });

  it('uses 127.0.0.2 once the allowlist names it', async () => {
    const s = settings({ mailAllowedHosts: ['127.0.0.1', '127.0.0.2'] });
    const { result } = sign('alice@loop.test', { s, accept: [`127.0.0.2:${tcp.port}`] });
    expect(await result).toMatchObject({ imap: { host: 'imap.loop.test', address: '127.0.0.2' } });
  });

  it('refuses address domains outside SIGNIN_ALLOWED_DOMAINS before any lookup', async () => {
    const before = dns.queries.length;
    await expect(
      sign('alice@auto.test', { s: settings({ signInAllowedDomains: ['school.test', '*.school.test'] }) }).result,
    ).rejects.toMatchObject({ statusCode: 403, code: 'auth.domain_not_allowed' });
    expect(dns.queries.length).toBe(before);
  });

  it('answers the wrong password as auth.invalid_credentials, and nothing found as null', async () => {
    await expect(sign('alice@auto.test', { password: 'nope' }).result).rejects.toMatchObject({
      code: 'auth.invalid_credentials',
    });
    expect(await sign('alice@nothing.test').result).toBeNull();
  });
});

describe('findMailServers', () => {
  it('returns the servers, source and username without logging in', async () => {
    expect(await findMailServers('alice@srv.test', settings())).toEqual({
      email: 'alice@srv.test',
      found: true,
      source: 'srv',
      incoming: { host: 'imap.srv.test', port: PORT, security: 'tls', username: 'alice@srv.test' },
      outgoing: { host: 'smtp.srv.test', port: 21587, security: 'starttls', username: 'alice@srv.test' },
      passwordWorks: true,
      provider: null,
    });
    expect(await findMailServers('alice@nothing.test', settings())).toMatchObject({
      found: false,
      source: null,
      incoming: null,
    });
  });
});
