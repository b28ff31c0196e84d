import { createUser, deliver, imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Page } from '@playwright/test';
import { expect, signIn, test, uniqueSubject } from '../fixtures.ts';

// Compose chooses the sending account (issue 11, decision 040): a reply from the unified inbox goes out from the account
// the message came to, and changing the From moves the draft to the other account's Drafts and sends through it.

/** Adds `other` as an account of the signed-in user in Settings -> Accounts; returns its id. */
async function addAccount(page: Page, other: MailUser): Promise<string> {
  await page.getByTestId('accounts-link').click();
  await page.getByTestId('account-add-email').fill(other.email);
  await page.getByTestId('account-add-password').fill(other.password);
  await page.getByTestId('account-add-submit').click();
  await expect(page.getByTestId('account-row')).toHaveCount(2);
  const id = await page.getByTestId('account-row').nth(1).getAttribute('data-account-id');
  expect(id).toBeTruthy();
  return id!;
}

/** The From address of every message in `folder` of `user` whose subject contains `subject`. */
async function fromsIn(user: MailUser, folder: string, subject: string): Promise<string[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = (await client.search({ subject }, { uid: true })) || [];
      const out: string[] = [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
        out.push(msg ? (msg.envelope?.from?.[0]?.address ?? '') : '');
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

const poll = (probe: () => Promise<unknown>, message: string) =>
  expect.poll(probe, { message, timeout: 30_000, intervals: [250, 500, 1000] });

const outboxItem = (page: Page, subject: string) => page.getByTestId('outbox-item').filter({ hasText: subject });
const chosenFrom = (page: Page) => page.getByTestId('compose-from').locator('option:checked');

test('a reply from the unified inbox goes out from the account the message came to', async ({ page, user }) => {
  const [second, sender] = await Promise.all([createUser('e2e-second'), createUser('e2e-asker')]);
  const subject = uniqueSubject('Question for the second');
  await deliver({ to: second.email, from: sender.email, subject, text: 'Which room?' });

  await signIn(page, user);
  const secondId = await addAccount(page, second);
  await page.goto('/unified');
  const row = page.getByTestId('unified-row').filter({ hasText: subject });
  await expect(row).toHaveAttribute('data-account-id', secondId);
  await row.click();
  await expect(page.getByTestId('reader-subject')).toHaveText(subject);
  await page.getByTestId('action-reply').click();

  await expect(chosenFrom(page)).toHaveAttribute('data-account-id', secondId);
  await expect(chosenFrom(page)).toHaveText(second.email);
  await page.getByTestId('compose-body').press('Control+Home');
  await page.keyboard.type('Room 101.');
  await page.getByTestId('compose-send').click();
  await expect(outboxItem(page, `Re: ${subject}`)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });

  await poll(() => fromsIn(sender, 'INBOX', `Re: ${subject}`), 'the reply at the sender').toEqual([second.email]);
  await poll(() => fromsIn(second, 'Sent', `Re: ${subject}`), "the Sent copy in the second account's Sent").toEqual([
    second.email,
  ]);
  expect(await fromsIn(user, 'Sent', `Re: ${subject}`)).toEqual([]);
});

test("switching the From moves the draft to the other account's Drafts and sends through it", async ({
  page,
  user,
}) => {
  const [second, rcpt] = await Promise.all([createUser('e2e-second'), createUser('e2e-rcpt')]);
  const subject = uniqueSubject('Sent as the second');

  await signIn(page, user);
  const secondId = await addAccount(page, second);
  await page.getByRole('link', { name: /back to mail/i }).click();
  await page.getByTestId('compose-open').click();
  // new mail starts in the account shown: the primary one
  await expect(chosenFrom(page)).toHaveAttribute('data-account-id', /.+/);
  await expect(chosenFrom(page)).not.toHaveAttribute('data-account-id', secondId);
  await page.getByTestId('compose-to').fill(rcpt.email);
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').click();
  await page.keyboard.type('Written in the first account, sent from the second.');
  await poll(() => fromsIn(user, 'Drafts', subject), "the draft in the first account's Drafts").toEqual([user.email]);

  await page.getByTestId('compose-from').selectOption({ label: second.email });
  await expect(chosenFrom(page)).toHaveAttribute('data-account-id', secondId);
  await poll(() => fromsIn(second, 'Drafts', subject), "the draft moved to the second account's Drafts").toEqual([
    second.email,
  ]);
  await poll(() => fromsIn(user, 'Drafts', subject), "no copy left in the first account's Drafts").toEqual([]);

  await page.getByTestId('compose-send').click();
  await expect(outboxItem(page, subject)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await poll(() => fromsIn(rcpt, 'INBOX', subject), 'the message at the recipient').toEqual([second.email]);
  await poll(() => fromsIn(second, 'Sent', subject), "the Sent copy in the second account's Sent").toEqual([
    second.email,
  ]);
  expect(await fromsIn(user, 'Sent', subject)).toEqual([]);
  await poll(() => fromsIn(second, 'Drafts', subject), 'the draft gone once sent').toEqual([]);
});
