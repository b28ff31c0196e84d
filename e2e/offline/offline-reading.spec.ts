import { createUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Page } from '@playwright/test';
import { expect, messageRow, SIGN_IN_ANSWER_MS, signIn, test, uniqueSubject } from '../fixtures.ts';

/** Waits until a service worker controls the page (the app shell is then there offline). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** The subjects of the messages this device keeps (read straight from its IndexedDB). */
function keptSubjects(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('pigeon-device-mail');
        open.onupgradeneeded = () => open.transaction?.abort(); // not created yet: nothing kept
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('messages')) return (db.close(), resolve([]));
          const all = db.transaction('messages').objectStore('messages').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { detail: { subject: string } }[]).map((m) => m.detail.subject));
          };
        };
      }),
  );
}

test('offline: reload, read the kept Inbox, star one and move another; online again, both happen once', async ({
  browser,
  context,
  page,
  user,
  mailbox,
}) => {
  test.setTimeout(90_000);
  const starred = uniqueSubject('Offline star');
  const moved = uniqueSubject('Offline move');
  await mailbox.deliver({ subject: moved, text: 'to be archived while offline' });
  await mailbox.deliver({
    subject: starred,
    html: '<p>Read me <b>without a connection</b></p>',
    attachments: [{ filename: 'notes.txt', content: 'kept on the device', contentType: 'text/plain' }],
  });

  await signIn(page, user);
  await controlled(page);
  await expect.poll(() => keptSubjects(page), { timeout: 30_000 }).toEqual(expect.arrayContaining([starred, moved]));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await expect(page.getByTestId('offline-indicator')).toHaveAttribute('data-offline', 'true');
  await expect(messageRow(page, starred)).toBeVisible();
  await expect(messageRow(page, moved)).toBeVisible();

  // the kept body, in the same sandboxed frame, under the server's CSP
  await messageRow(page, starred).click();
  const body = page.frameLocator('[data-testid="message-body"]');
  await expect(body.locator('body')).toContainText('Read me without a connection');
  await expect(page.getByTestId('message-body')).toHaveAttribute(
    'sandbox',
    'allow-popups allow-popups-to-escape-sandbox',
  );
  await expect(body.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /^default-src 'none'; img-src data:;/,
  );

  // a small attachment was kept too: it is saved from the device
  const download = page.waitForEvent('download');
  await page.getByTestId('attachment-item').getByRole('link').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('notes.txt');
  const chunks: Buffer[] = [];
  for await (const chunk of (await file.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
  expect(Buffer.concat(chunks).toString()).toBe('kept on the device');

  await page.getByTestId('action-star').click();
  await expect(messageRow(page, starred).getByTestId('message-star')).toHaveAttribute('aria-pressed', 'true');
  await messageRow(page, moved).getByTestId('message-select').check();
  await page.getByTestId('action-move').click();
  await page.locator('[data-testid="move-target"][data-folder-path="Archive"]').click();
  await expect(messageRow(page, moved)).toHaveCount(0);
  // opening marked the message read, then star, then move: three actions wait on the device
  await expect(page.getByTestId('offline-queued')).toContainText('3');

  // a reload offline still shows what was done offline
  await page.reload();
  await expect(messageRow(page, starred).getByTestId('message-star')).toHaveAttribute('aria-pressed', 'true');
  await expect(messageRow(page, moved)).toHaveCount(0);
  await expect(page.getByTestId('offline-queued')).toContainText('3');

  await context.setOffline(false);
  await expect(page.getByTestId('toast').filter({ hasText: 'Back online: 3 changes made' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('offline-indicator')).toBeHidden();

  // a plain IMAP client: starred once in INBOX, the other one in Archive exactly once and gone from INBOX
  const imap = await imapClient(user);
  try {
    const count = async (folder: string, subject: string, flagged?: boolean) => {
      const lock = await imap.getMailboxLock(folder);
      try {
        const uids = await imap.search({ subject, ...(flagged === undefined ? {} : { flagged }) }, { uid: true });
        return uids ? uids.length : 0;
      } finally {
        lock.release();
      }
    };
    expect(await count('INBOX', starred, true)).toBe(1);
    expect(await count('INBOX', moved)).toBe(0);
    expect(await count('Archive', moved)).toBe(1);
  } finally {
    await imap.logout().catch(() => imap.close());
  }

  // a second browser sees the same
  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await signIn(second, user);
    await expect(messageRow(second, starred).getByTestId('message-star')).toHaveAttribute('aria-pressed', 'true');
    await expect(messageRow(second, moved)).toHaveCount(0);
    await second.goto('/mail/Archive');
    await expect(messageRow(second, moved)).toHaveCount(1);
  } finally {
    await other.close();
  }
});

/** How many messages with `subject` the user's INBOX holds (a plain IMAP client). */
async function inboxCount(user: MailUser, subject: string): Promise<number> {
  const imap = await imapClient(user);
  try {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      return ((await imap.search({ subject }, { uid: true })) || []).length;
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

test('a message sent offline waits on the device and arrives once when the connection returns', async ({
  context,
  page,
  user,
  mailbox,
}) => {
  test.setTimeout(90_000);
  const recipient = await createUser('e2e-offline-rcpt');
  const subject = uniqueSubject('Written offline');
  await mailbox.deliver({ subject: uniqueSubject('Inbox'), text: 'something to keep' });
  await signIn(page, user);
  await controlled(page);
  await expect.poll(() => keptSubjects(page), { timeout: 30_000 }).toHaveLength(1);
  // the composer's chunk is cached once it was used (it is also prefetched when idle)
  await page.getByTestId('compose-open').click();
  await expect(page.getByTestId('compose-body')).toBeVisible();
  await page.getByTestId('compose-close').click();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-indicator')).toHaveAttribute('data-offline', 'true');
  await page.getByTestId('compose-open').click();
  await page.getByTestId('compose-to').fill(recipient.email);
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').click();
  await page.keyboard.type('Typed on the train.');
  await page.getByTestId('compose-send').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'will be sent when the connection returns' })).toBeVisible();
  await expect(page.getByTestId('compose-body')).toBeHidden();
  await expect(page.getByTestId('offline-queued')).toContainText('1');

  await context.setOffline(false);
  await expect(page.getByTestId('toast').filter({ hasText: '1 message handed to the outbox' })).toBeVisible({
    timeout: 30_000,
  });
  const item = page.getByTestId('outbox-item').filter({ hasText: subject });
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect.poll(() => inboxCount(recipient, subject), { timeout: 15_000 }).toBe(1);
  // going offline and back again sends nothing more: the queue is empty, the outbox holds it once
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(page.getByTestId('offline-indicator')).toBeHidden();
  await expect(page.getByTestId('outbox-item').filter({ hasText: subject })).toHaveCount(1);
  expect(await inboxCount(recipient, subject)).toBe(1);
});

test('"shared computer" keeps no mail on the device; signing out wipes what a device kept', async ({
  page,
  user,
  mailbox,
}) => {
  const subject = uniqueSubject('Kept');
  await mailbox.deliver({ subject, text: 'kept until sign-out' });

  await signIn(page, user);
  await expect.poll(() => keptSubjects(page), { timeout: 30_000 }).toContain(subject);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('login-submit')).toBeVisible();
  expect(await keptSubjects(page)).toEqual([]);

  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-shared-computer').check();
  await page.getByTestId('login-submit').click();
  await expect(messageRow(page, subject)).toBeVisible({ timeout: SIGN_IN_ANSWER_MS });
  await page.goto('/settings/devices');
  await expect(page.getByTestId('offline-settings-shared')).toBeVisible();
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain(
    'pigeon-device-mail',
  );
});
