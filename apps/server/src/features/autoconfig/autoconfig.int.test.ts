import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { fixtureUser, mailFixture } from '@pigeon/mail-fixture';
import { loadConfig, type Config } from '../../config.ts';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { dbPlugin } from '../../core/db.plugin.ts';
import { errorsPlugin } from '../../core/errors.plugin.ts';
import { createDiscoveryRepository } from './autoconfig.repository.ts';
import { autoconfigRoutes } from './autoconfig.routes.ts';
import { resolveMailServers } from './autoconfig.service.ts';
import { startFakeDns, type FakeDns } from './test-support/discovery-lab.ts';

// Discovery against the real Dovecot (allowlisted 127.0.0.1) and the real database: the login test is real.
let dns: FakeDns;
let db: Database;
let config: Config;
const alice = fixtureUser('alice');

beforeAll(async () => {
  dns = await startFakeDns({
    '_imaps._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.imaps }] },
    '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.submissions }] },
  });
  db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });
  config = loadConfig({
    LOG_LEVEL: 'silent',
    MAIL_TLS_CA_FILE: mailFixture.caPath,
    MAIL_ALLOWED_HOSTS: '127.0.0.1',
    DISCOVERY_DNS_SERVERS: dns.server,
    DISCOVERY_ISPDB_URL: '',
    DISCOVERY_AUTOCONFIG_SCHEME: 'http',
    DISCOVERY_TIMEOUT_MS: '2000',
    DISCOVERY_GUESS_PORTS: 'imaps:1,imap:1,smtps:1,smtp:1',
  });
});

afterAll(async () => {
  await dns?.close();
  await db?.close();
});

describe('discovery against the mail fixture', () => {
  it('signs in through SRV, caches the winner in the database, then reuses it', async () => {
    const cache = createDiscoveryRepository(db.prisma);
    await cache.remove('school.test');
    const first = await resolveMailServers(alice.email, config, { password: alice.password, cache });
    expect(first).toMatchObject({
      source: 'srv',
      login: alice.email,
      imap: { host: '127.0.0.1', port: mailFixture.ports.imaps, tls: 'tls', address: '127.0.0.1' },
      smtp: { port: mailFixture.ports.submissions, tls: 'tls' },
    });
    const row = await db.prisma.discoveredServers.findUnique({ where: { domain: 'school.test' } });
    expect(row).toMatchObject({
      source: 'srv',
      imapHost: '127.0.0.1',
      imapPort: mailFixture.ports.imaps,
      usernameTemplate: '%EMAILADDRESS%',
    });

    const again = await resolveMailServers(alice.email, config, { password: alice.password, cache });
    expect(again).toMatchObject({ source: 'cache', imap: { port: mailFixture.ports.imaps } });
  });

  it('answers a wrong password as auth.invalid_credentials from the real server', async () => {
    await expect(resolveMailServers(alice.email, config, { password: 'wrong-password' })).rejects.toMatchObject({
      statusCode: 401,
      code: 'auth.invalid_credentials',
    });
  });

  it('GET /api/autoconfig shows what was found, and validates the address and policy', async () => {
    await createDiscoveryRepository(db.prisma).remove('school.test');
    const app = Fastify({ logger: false });
    await app.register(errorsPlugin);
    await app.register(dbPlugin, { db });
    await app.register(autoconfigRoutes, {
      config: { ...config, signInAllowedDomains: ['school.test'] },
      cache: createDiscoveryRepository(db.prisma),
    });
    try {
      const ok = await app.inject({ method: 'GET', url: `/api/autoconfig?email=${encodeURIComponent(alice.email)}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({
        email: alice.email,
        found: true,
        source: 'srv',
        incoming: { host: '127.0.0.1', port: mailFixture.ports.imaps, security: 'tls', username: alice.email },
        outgoing: { host: '127.0.0.1', port: mailFixture.ports.submissions, security: 'tls', username: alice.email },
        passwordWorks: true,
        provider: null,
      });
      const bad = await app.inject({ method: 'GET', url: '/api/autoconfig?email=not-an-address' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'validation.invalid_email', field: 'email' });
      const other = await app.inject({ method: 'GET', url: '/api/autoconfig?email=x%40elsewhere.test' });
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('auth.domain_not_allowed');
    } finally {
      await app.close();
    }
  });
});
