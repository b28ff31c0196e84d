import type { Page } from '@playwright/test';
import { mailFixture } from '@pigeon/mail-fixture';
import { expect, SIGN_IN_ANSWER_MS } from '../fixtures.ts';
import { discoveryTest } from '../support/discovery-lab.ts';

// A Pigeon of its own WITHOUT MAIL_DOMAINS: school.test is found by discovery, through a DNS server in this
// process whose SRV records point at the mail fixture's Dovecot and Postfix (allowlisted: 127.0.0.1).
const zone = () => ({
  '_imaps._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.imaps }] },
  '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: mailFixture.ports.submissions }] },
});

const test = discoveryTest(zone, 'imaps:1,imap:1,smtps:1,smtp:1');

// one server for both tests, and the second one empties the DNS zone
test.describe.configure({ mode: 'serial' });

/** Holds the sign-in request until `release()`, so the page's "Signing in…" line can be read. */
async function holdSignIn(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/auth/sign-in', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test.describe('mail server discovery at sign-in', () => {
  test('only the address and the password: SRV finds Dovecot and Postfix, the page names the server', async ({
    page,
    user,
  }) => {
    const release = await holdSignIn(page);
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-status')).toHaveText('Signing in to 127.0.0.1…');
    await expect(page.getByTestId('login-advanced-toggle')).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('login-imap-host')).toHaveCount(0);
    release();
    await expect(page).toHaveURL(/\/mail\//, { timeout: SIGN_IN_ANSWER_MS });
    await expect(page.getByTestId('message-list')).toBeVisible();
  });

  test('discovery finds nothing: Advanced settings open by themselves, and the typed servers sign in', async ({
    page,
    user,
    lab,
  }) => {
    lab.dns.zone.clear();
    try {
      await page.goto('/sign-in');
      await page.getByTestId('login-email').fill(user.email);
      await page.getByTestId('login-password').fill(user.password);
      await expect(page.getByTestId('login-advanced-toggle')).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByTestId('login-imap-host')).toBeVisible();

      // inline validation: nothing is sent while a field is wrong
      await page.getByTestId('login-imap-host').fill('127.0.0.1');
      await page.getByTestId('login-imap-port').fill('99999');
      await page.getByTestId('login-username').fill('someone-else');
      await page.getByTestId('login-submit').click();
      await expect(page.getByText('This field is required.')).toBeVisible(); // the SMTP server
      await expect(page.getByText('Enter a port number from 1 to 65535.')).toBeVisible();
      await expect(page.getByText(/Use your email address or the part before the @/)).toBeVisible();
      await expect(page).toHaveURL(/\/sign-in/);

      await page.getByTestId('login-imap-port').fill(String(mailFixture.ports.imaps));
      await expect(page.getByTestId('login-imap-security')).toHaveValue('tls');
      await page.getByTestId('login-smtp-host').fill('127.0.0.1');
      await page.getByTestId('login-smtp-security').selectOption('starttls');
      await expect(page.getByTestId('login-smtp-port')).toHaveValue('587'); // the default port follows
      await page.getByTestId('login-smtp-port').fill(String(mailFixture.ports.submission));
      await page.getByTestId('login-username').fill(user.email);
      const release = await holdSignIn(page);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-status')).toHaveText('Signing in to 127.0.0.1…');
      release();
      await expect(page).toHaveURL(/\/mail\//, { timeout: SIGN_IN_ANSWER_MS });
      await expect(page.getByTestId('message-list')).toBeVisible();
    } finally {
      for (const [name, entry] of Object.entries(zone())) lab.dns.zone.set(name, entry);
    }
  });
});
