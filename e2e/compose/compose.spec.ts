import { createUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Browser, Page } from '@playwright/test';
import { expect, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';
import { compose, outboxItem } from '../support/compose.ts';

/** A second person, signed in in their own browser context. */
async function recipientPage(
  browser: Browser,
  baseURL: string | undefined,
): Promise<{ user: MailUser; page: Page; close: () => Promise<void> }> {
  const user = await createUser('e2e-rcpt');
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, user);
  return { user, page, close: () => context.close() };
}

/** Reloads the list until a row with `subject` shows (until live push lands, a reload is how new mail appears). */
async function waitForRow(page: Page, subject: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        await expect(page.getByTestId('message-list')).toBeVisible();
        return messageRow(page, subject).count();
      },
      { message: `"${subject}" in the recipient's inbox`, timeout: 30_000, intervals: [500, 1000] },
    )
    .toBe(1);
}

test('compose with an attachment and send; the recipient sees it arrive', async ({
  signedInPage: page,
  browser,
  baseURL,
}) => {
  const rcpt = await recipientPage(browser, baseURL);
  try {
    const subject = uniqueSubject('Field trip form');
    await compose(page, rcpt.user.email, subject, 'Please sign the attached form.');
    await expect(page.getByTestId('compose-to')).toHaveValue('');
    await expect(page.locator('.chip', { hasText: rcpt.user.email })).toBeVisible();

    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('compose-attach').click();
    await (
      await chooser
    ).setFiles({ name: '현장학습 동의서.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(1_500_000, 7) });
    await expect(page.getByTestId('compose-attachment')).toContainText('현장학습 동의서.pdf');
    await expect(page.getByTestId('attachment-progress')).toHaveCount(0);

    await page.getByTestId('compose-send').click();
    await expect(page.getByTestId('composer')).toHaveCount(0);
    await expect(outboxItem(page, subject)).toHaveAttribute('data-state', 'scheduled');
    await expect(outboxItem(page, subject)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });

    await waitForRow(rcpt.page, subject);
    await messageRow(rcpt.page, subject).click();
    await expect(rcpt.page.getByTestId('reader-subject')).toHaveText(subject);
    await expect(rcpt.page.getByTestId('attachment-item')).toContainText('현장학습 동의서.pdf');
  } finally {
    await rcpt.close();
  }
});

test('reply: subject, recipient and threading, and the sender gets it', async ({ signedInPage: page, mailbox }) => {
  const sender = await createUser('e2e-sender');
  const subject = uniqueSubject('Lunch on Friday');
  await mailbox.deliver({ subject, from: `Bob <${sender.email}>`, text: 'Kimchi or bibimbap?' });
  await page.reload();
  await messageRow(page, subject).click();
  await page.getByTestId('action-reply').click();

  await expect(page.getByTestId('compose-subject')).toHaveValue(`Re: ${subject}`);
  await expect(page.locator('.chip', { hasText: 'Bob' })).toBeVisible();
  await expect(page.getByTestId('compose-body')).toContainText('Kimchi or bibimbap?');
  await page.getByTestId('compose-body').press('Control+Home');
  await page.keyboard.type('Bibimbap, please.');
  await page.getByTestId('compose-send').click();
  await expect(outboxItem(page, `Re: ${subject}`)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });

  const client = await imapClient(sender);
  try {
    await expect
      .poll(
        async () => {
          const lock = await client.getMailboxLock('INBOX');
          try {
            const uids = (await client.search({ subject: `Re: ${subject}` }, { uid: true })) || [];
            if (!uids.length) return null;
            const msg = await client.fetchOne(String(uids[0]), { envelope: true }, { uid: true });
            return msg ? (msg.envelope?.inReplyTo ?? '') : null;
          } finally {
            lock.release();
          }
        },
        { timeout: 15_000 },
      )
      .toMatch(/^<.+>$/);
  } finally {
    await client.logout().catch(() => client.close());
  }
});

test('undo send brings the draft back to the composer', async ({ signedInPage: page }) => {
  const subject = uniqueSubject('Second thoughts');
  await compose(page, 'carol@school.test', subject, 'On second thought…');
  await page.getByTestId('compose-send').click();
  await expect(page.getByTestId('composer')).toHaveCount(0);
  await page.getByTestId('undo-send').click();

  await expect(page.getByTestId('composer')).toBeVisible();
  await expect(page.getByTestId('compose-subject')).toHaveValue(subject);
  await expect(page.locator('.chip', { hasText: 'carol@school.test' })).toBeVisible();
  await expect(page.getByTestId('compose-body')).toContainText('On second thought…');
  await expect(outboxItem(page, subject)).toHaveCount(0);
});

test('an address typed and sent straight away is a recipient (no chip needed first)', async ({
  signedInPage: page,
  user,
  mailbox,
}) => {
  const subject = uniqueSubject('Typed and sent');
  await page.getByTestId('compose-open').click();
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').click();
  await page.keyboard.type('Sent without leaving the To field first.');
  await page.getByTestId('compose-to').fill(user.email);
  // clicking Send blurs the field; the typed address must still be taken
  await page.getByTestId('compose-send').click();
  await expect(outboxItem(page, subject)).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect.poll(() => mailbox.find('INBOX', subject), { timeout: 30_000 }).not.toBeNull();
});
