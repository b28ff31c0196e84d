import { createUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Page } from '@playwright/test';
import { bodyFrame, expect, folderItem, messageRow, signIn, uniqueSubject } from '../fixtures.ts';
import { compose, outboxItem } from '../support/compose.ts';
import { plainMessage, pop3Test as test } from '../support/pop3-lab.ts';

// Sending, drafts and a folder action on a POP3-only account (issue 11, decisions 026/035): Pigeon keeps Sent,
// Drafts and Junk in its own store, and mail goes out through the account's own submission server (Postfix).

/** Whether the recipient's INBOX (read over the fixture's IMAP, not through Pigeon) holds a message with `subject`. */
async function delivered(user: MailUser, subject: string): Promise<boolean> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return ((await client.search({ subject }, { uid: true })) || []).length > 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

const openFolder = async (page: Page, path: string) => {
  await folderItem(page, path).click();
  await expect(page).toHaveURL(new RegExp(`/mail/${encodeURIComponent(path)}$`));
};

test.describe('a POP3-only address: compose, drafts and a folder action', () => {
  test('sends through its own SMTP: the recipient gets it, the copy is in Pigeon’s Sent', async ({ page, user }) => {
    const rcpt = await createUser('e2e-pop3-rcpt');
    await signIn(page, user);
    await expect(page.getByTestId('pop3-check-now')).toBeVisible(); // a POP3 account, not IMAP

    const subject = uniqueSubject('POP3 보낸 편지');
    await compose(page, rcpt.email, subject, 'Sent from a POP3-only account.');
    await page.getByTestId('compose-send').click();
    await expect(page.getByTestId('composer')).toHaveCount(0);
    await expect(outboxItem(page, subject)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });

    await expect
      .poll(() => delivered(rcpt, subject), { message: 'delivered by Postfix to the recipient', timeout: 30_000 })
      .toBe(true);
    await openFolder(page, 'Sent');
    await expect(messageRow(page, subject)).toBeVisible();
    await messageRow(page, subject).click();
    await bodyFrame(page, 'Sent from a POP3-only account.'); // the copy reads back from the local store
  });

  test('a draft is kept in Pigeon’s Drafts, editing replaces it, sending removes it', async ({ page, user }) => {
    const rcpt = await createUser('e2e-pop3-draft');
    await signIn(page, user);

    const first = uniqueSubject('Draft one');
    await compose(page, rcpt.email, first, 'Half written.');
    await page.getByTestId('compose-close').click();
    await expect(page.getByTestId('composer')).toHaveCount(0);
    await openFolder(page, 'Drafts');
    await expect(messageRow(page, first)).toBeVisible();

    // edit: the saved copy is replaced, not added to
    await messageRow(page, first).click();
    await page.getByTestId('action-edit-draft').click();
    await expect(page.getByTestId('compose-subject')).toHaveValue(first);
    await expect(page.getByTestId('compose-body')).toContainText('Half written.');
    const second = uniqueSubject('Draft two');
    await page.getByTestId('compose-subject').fill(second);
    await page.getByTestId('compose-close').click();
    await expect(messageRow(page, second)).toBeVisible();
    await expect(messageRow(page, first)).toHaveCount(0);
    await expect(page.getByTestId('message-row')).toHaveCount(1);

    // send it: gone from Drafts, delivered, filed in Sent
    await messageRow(page, second).click();
    await page.getByTestId('action-edit-draft').click();
    await expect(page.getByTestId('compose-subject')).toHaveValue(second);
    await page.getByTestId('compose-send').click();
    await expect(outboxItem(page, second)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
    await expect(page.getByTestId('message-row')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('message-list')).toBeVisible();
    await expect(page.getByTestId('message-row')).toHaveCount(0);
    await expect
      .poll(() => delivered(rcpt, second), { message: 'the sent draft reached the recipient', timeout: 30_000 })
      .toBe(true);
    await openFolder(page, 'Sent');
    await expect(messageRow(page, second)).toBeVisible();
  });

  test('marking a downloaded message as junk moves it to Pigeon’s Junk, and back', async ({ page, user, mailbox }) => {
    const subject = uniqueSubject('Cheap pills');
    await mailbox.append('INBOX', plainMessage(subject, 'Buy now.'));
    await mailbox.append('INBOX', plainMessage(uniqueSubject('Homework'), 'Due Friday.'));
    await signIn(page, user);
    await expect(page.getByTestId('message-row')).toHaveCount(2);

    await messageRow(page, subject).click();
    await expect(page.getByTestId('reader-subject')).toHaveText(subject);
    await page.getByTestId('action-junk').click();
    await expect(messageRow(page, subject)).toHaveCount(0);
    await expect(page.getByTestId('message-row')).toHaveCount(1);
    await openFolder(page, 'Trash');
    await expect(page.getByTestId('message-row')).toHaveCount(0); // not deleted
    await openFolder(page, 'Junk');
    await messageRow(page, subject).click();
    await page.getByTestId('action-not-junk').click();
    await expect(messageRow(page, subject)).toHaveCount(0);
    await openFolder(page, 'INBOX');
    await expect(messageRow(page, subject)).toBeVisible();
    await expect(page.getByTestId('message-row')).toHaveCount(2);
  });
});
