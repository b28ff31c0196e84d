// by path, like bench/: the dns2 lab of the server's discovery tests (it listens on 127.0.0.1 only)
import {
  startFakeDns,
  type FakeDns,
  type ZoneEntry,
} from '../../apps/server/src/features/autoconfig/test-support/discovery-lab.ts';
import { test as base } from '../fixtures.ts';
import { startPigeon, type PigeonServer } from './pigeon-server.ts';

export interface DiscoveryLab {
  dns: FakeDns;
  server: PigeonServer;
}

/**
 * The e2e `test` with `lab`: a Pigeon of its own (one per worker) WITHOUT MAIL_DOMAINS, whose discovery asks a DNS
 * server in this process serving `zone()` (allowlisted: 127.0.0.1); the names it guesses go to `guessPorts` (closed
 * ports, so only the zone answers); `baseURL` points at it.
 */
export function discoveryTest(zone: () => Record<string, ZoneEntry>, guessPorts: string) {
  return base.extend<object, { lab: DiscoveryLab }>({
    lab: [
      // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
      async ({}, use) => {
        const dns = await startFakeDns(zone());
        let server: PigeonServer;
        try {
          server = await startPigeon({
            env: {
              MAIL_DOMAINS: '',
              MAIL_ALLOWED_HOSTS: '127.0.0.1',
              DISCOVERY_DNS_SERVERS: dns.server,
              DISCOVERY_ISPDB_URL: '',
              DISCOVERY_AUTOCONFIG_SCHEME: 'http',
              DISCOVERY_TIMEOUT_MS: '2000',
              DISCOVERY_GUESS_PORTS: guessPorts,
              // each test sees what discovery finds now, not what an earlier test cached for school.test
              DISCOVERY_CACHE_TTL_HOURS: '0',
            },
          });
        } catch (err) {
          await dns.close();
          throw err;
        }
        await use({ dns, server });
        await server.stop();
        await dns.close();
      },
      { scope: 'worker' },
    ],
    baseURL: async ({ lab }, use) => {
      await use(lab.server.url);
    },
  });
}
