import { mailFixture } from '@pigeon/mail-fixture';
// by path, like bench/: the dns2 lab of the server's discovery tests (it listens on 127.0.0.1 only)
import { startFakeDns, type FakeDns } from '../../apps/server/src/features/autoconfig/test-support/discovery-lab.ts';
import { test as base } from '../fixtures.ts';
import { startPigeon, type PigeonServer } from './pigeon-server.ts';

// A Pigeon of its own WITHOUT MAIL_DOMAINS, whose discovery DNS (in this process) offers school.test's POP3S and
// submission servers only, at the mail fixture's Dovecot and Postfix: the domain has no IMAP (issue 11, decision 026).
export const pop3Zone = () => ({
  '_pop3s._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.pop3s }] },
  '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.submissions }] },
});

/** The e2e `test` with `lab`: that Pigeon (one per worker) and its DNS; `baseURL` points at it. */
export const pop3Test = base.extend<object, { lab: { dns: FakeDns; server: PigeonServer } }>({
  lab: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const dns = await startFakeDns(pop3Zone());
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
            // IMAP's (and POP3's) guessed names go to a closed port: only the SRV records answer
            DISCOVERY_GUESS_PORTS: 'imaps:1,imap:1,smtps:1,smtp:1,pop3s:1,pop3:1',
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

/** A plain text message as a teacher sends it, for APPENDing to the POP3 maildrop. */
export const plainMessage = (subject: string, text: string) =>
  `From: Teacher <teacher@school.test>\r\nTo: student@school.test\r\nSubject: ${subject}\r\n` +
  `Date: Mon, 07 Dec 2026 08:00:00 +0900\r\nMessage-ID: <${subject.replace(/\W/g, '')}@school.test>\r\n` +
  `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
