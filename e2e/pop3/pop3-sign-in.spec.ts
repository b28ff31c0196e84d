import { mailFixture } from '@pigeon/mail-fixture';
import { expect, folderItem, SIGN_IN_ANSWER_MS } from '../fixtures.ts';
import { plainMessage as plain, pop3Test as test, pop3Zone as zone } from '../support/pop3-lab.ts';

// one server for both tests, and the second one empties the DNS zone (as e2e/autoconfig/discovery.spec.ts)
test.describe.configure({ mode: 'serial' });

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
    await expect(page).toHaveURL(/\/mail\//, { timeout: SIGN_IN_ANSWER_MS });

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
    await expect(page.getByTestId('message-row')).toHaveCount(1, { timeout: SIGN_IN_ANSWER_MS });

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
      await expect(page).toHaveURL(/\/mail\//, { timeout: SIGN_IN_ANSWER_MS });
      await expect(page.getByTestId('message-row').filter({ hasText: 'Typed POP3' })).toBeVisible();
      await expect(page.getByTestId('pop3-check-now')).toBeVisible();
    } finally {
      for (const [name, entry] of Object.entries(zone())) lab.dns.zone.set(name, entry);
    }
  });
});
