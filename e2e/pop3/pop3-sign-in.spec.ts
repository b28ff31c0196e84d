import { mailFixture } from '@pigeon/mail-fixture';
// by path, like bench/: the dns2 lab of the server's discovery tests (it listens on 127.0.0.1 only)
import { startFakeDns, type FakeDns } from '../../apps/server/src/features/autoconfig/test-support/discovery-lab.ts';
import { test as base, expect, folderItem } from '../fixtures.ts';
import { startPigeon, type PigeonServer } from '../support/pigeon-server.ts';

// A Pigeon of its own WITHOUT MAIL_DOMAINS, whose discovery DNS (in this process) offers school.test's POP3S and
// submission servers only, at the mail fixture's Dovecot and Postfix: the domain has no IMAP (issue 11, decision 026).
const zone = () => ({
  '_pop3s._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.pop3s }] },
  '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.submissions }] },
});

const test = base.extend<object, { lab: { dns: FakeDns; server: PigeonServer } }>({
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

// one server for both tests, and the second one empties the DNS zone (as e2e/autoconfig/discovery.spec.ts)
test.describe.configure({ mode: 'serial' });

const plain = (subject: string, text: string) =>
  `From: Teacher <teacher@school.test>\r\nTo: student@school.test\r\nSubject: ${subject}\r\n` +
  `Date: Mon, 07 Dec 2026 08:00:00 +0900\r\nMessage-ID: <${subject.replace(/\W/g, '')}@school.test>\r\n` +
  `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;

test.describe('a POP3-only address', () => {
  test('sign in with a POP3-only address: the Inbox comes from POP3, a message opens, "check now" finds new mail', async ({
    page,
    user,
    mailbox,
  }) => {
    await mailbox.append('INBOX', plain('First over POP3', 'Hello from the POP3 maildrop.'));
    await mailbox.append('INBOX', plain('Second over POP3', 'Another one.'));

    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/mail\//);

    const rows = page.getByTestId('message-row');
    await expect(rows).toHaveCount(2);
    await rows.filter({ hasText: 'First over POP3' }).click();
    await expect(page.getByTestId('reader-subject')).toHaveText('First over POP3');
    await expect(page.getByTestId('message-body')).toContainText('Hello from the POP3 maildrop.');

    await mailbox.append('INBOX', plain('Third over POP3', 'Found by check now.'));
    await page.getByTestId('pop3-check-now').click();
    await expect(rows.filter({ hasText: 'Third over POP3' })).toBeVisible();
    await expect(rows).toHaveCount(3);

    // the download options, as desktop clients name them
    await page.getByTestId('pop3-settings-link').click();
    const leave = page.getByTestId('pop3-leave-on-server');
    await expect(leave).toBeChecked();
    await page.getByTestId('pop3-delete-after-days').fill('0');
    await expect(page.getByTestId('pop3-save')).toBeDisabled();
    await page.getByTestId('pop3-delete-after-days').fill('30');
    await page.getByTestId('pop3-save').click();
    await expect(page.getByText('Saved. The next check uses these options.')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('pop3-delete-after-days')).toHaveValue('30');
    await leave.uncheck();
    await expect(page.getByTestId('pop3-delete-after-days')).toBeDisabled();
  });

  test('a folder of its own: created and renamed in Pigeon’s store, still there after a reload', async ({
    page,
    user,
    mailbox,
  }) => {
    await mailbox.append('INBOX', plain('Keep me', 'A message to keep.'));
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('message-row')).toHaveCount(1);

    await page.getByTestId('folder-create').click();
    await page.getByTestId('folder-name-input').fill('학교 과제');
    await page.getByTestId('folder-save').click();
    await expect(folderItem(page, '학교 과제')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/mail/${encodeURIComponent('학교 과제')}$`));

    await folderItem(page, '학교 과제').hover();
    await page.locator('[data-testid="folder-menu"][data-folder-path="학교 과제"]').click();
    await page.getByTestId('folder-rename').click();
    await page.getByTestId('folder-name-input').fill('과제 2026');
    await page.getByTestId('folder-save').click();
    await expect(folderItem(page, '과제 2026')).toBeVisible();
    await expect(folderItem(page, '학교 과제')).toHaveCount(0);

    await page.reload();
    await expect(folderItem(page, '과제 2026')).toBeVisible();
    await expect(folderItem(page, 'INBOX')).toBeVisible();
  });

  test('Advanced settings: the POP3 protocol with typed servers signs in', async ({ page, user, mailbox, lab }) => {
    await mailbox.append('INBOX', plain('Typed POP3', 'Over STLS.'));
    // discovery finds nothing: "Advanced settings" open by themselves, with the default (IMAP) ports
    lab.dns.zone.clear();
    try {
      await page.goto('/sign-in');
      await page.getByTestId('login-email').fill(user.email);
      await page.getByTestId('login-password').fill(user.password);
      await expect(page.getByTestId('login-advanced-toggle')).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByTestId('login-imap-port')).toHaveValue('993');
      await page.getByTestId('account-protocol').selectOption('pop3');
      await expect(page.getByTestId('login-imap-port')).toHaveValue('995'); // the default port follows the protocol
      await page.getByTestId('login-imap-security').selectOption('starttls');
      await expect(page.getByTestId('login-imap-port')).toHaveValue('110');
      await page.getByTestId('login-imap-host').fill('127.0.0.1');
      await page.getByTestId('login-imap-port').fill(String(mailFixture.ports.pop3));
      await page.getByTestId('login-smtp-host').fill('127.0.0.1');
      await page.getByTestId('login-smtp-port').fill(String(mailFixture.ports.submissions));
      await page.getByTestId('login-submit').click();
      await expect(page).toHaveURL(/\/mail\//);
      await expect(page.getByTestId('message-row').filter({ hasText: 'Typed POP3' })).toBeVisible();
      await expect(page.getByTestId('pop3-check-now')).toBeVisible();
    } finally {
      for (const [name, entry] of Object.entries(zone())) lab.dns.zone.set(name, entry);
    }
  });
});
