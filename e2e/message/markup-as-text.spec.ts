import type { Page } from '@playwright/test';
import { expect, folderItem, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

// Subject, sender name and attachment names are an outside sender's text: everywhere Pigeon shows them (list,
// reader, tab title, desktop notification, reply/forward composer) they are text, never markup.

declare global {
  interface Window {
    __xss?: number;
    __notes?: { title: string; body: string }[];
  }
}

const tag = uniqueSubject('hostile').split(' ')[1]!;
const SUBJECT = `<img src=x-${tag} onerror="window.__xss=1"><b>Bold</b> & <script>window.__xss=2</script> ${tag}`;
const NAME = `<img src=y-${tag} onerror=window.__xss=3><i>Eve</i>`;
const FILE = `<img src=z-${tag} onerror="window.__xss=4">.txt`;

/** Fails the test on any dialog and records requests for the probes' image URLs (x-/y-/z-<tag>). */
function watch(page: Page): string[] {
  const probes: string[] = [];
  page.on('dialog', (d) => {
    probes.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (req) => {
    if (req.url().includes(tag)) probes.push(req.url());
  });
  return probes;
}

async function noMarkupRan(page: Page, probes: string[]): Promise<void> {
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(probes, 'requests for the probe images, or dialogs').toEqual([]);
}

test('markup in Subject, From name and attachment names is text in the list, reader, tab title and notification', async ({
  page,
  user,
  mailbox,
}) => {
  // notifications on and the page in the background; the browser's Notification recorded, not shown
  await page.addInitScript(() => {
    localStorage.setItem('pigeon.notifications', 'on');
    window.__notes = [];
    class Recorder {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, opts?: { body?: string }) {
        window.__notes!.push({ title, body: opts?.body ?? '' });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: Recorder, configurable: true, writable: true });
    Document.prototype.hasFocus = () => false;
  });
  const probes = watch(page);
  await signIn(page, user);
  await expect(folderItem(page, 'INBOX')).toBeVisible();

  await mailbox.deliver({
    subject: SUBJECT,
    from: `"${NAME}" <eve@example.com>`,
    text: 'plain body',
    attachments: [{ filename: FILE, content: 'attached words', contentType: 'text/plain' }],
  });

  // the desktop notification (brought by live push) carries the text as it is
  await expect.poll(() => page.evaluate(() => window.__notes)).toEqual([{ title: NAME, body: SUBJECT }]);

  // the list row
  const row = messageRow(page, tag);
  await expect(row.getByTestId('message-subject')).toHaveText(SUBJECT);
  await expect(row).toContainText(NAME);
  await expect(row.locator('img, b, i, script')).toHaveCount(0);

  // the reader
  await row.click();
  const reader = page.getByTestId('reader');
  await expect(page.getByTestId('reader-subject')).toHaveText(SUBJECT);
  await expect(reader.locator('.who strong')).toHaveText(NAME);
  await expect(page.getByTestId('attachment-item')).toContainText(FILE);
  await expect(page.getByTestId('message-body')).toContainText('plain body');
  await expect(reader.locator('img, b, i, script')).toHaveCount(0);

  // the tab title shows the folder and its count, nothing a sender wrote
  await expect(page).toHaveTitle(/^(\(\d+\) )?Inbox · Pigeon$/);
  await noMarkupRan(page, probes);
});

test('markup in Subject, From name and attachment names stays text in the reply and forward composer', async ({
  signedInPage: page,
  mailbox,
}) => {
  const probes = watch(page);
  await mailbox.deliver({
    subject: SUBJECT,
    from: `"${NAME}" <eve@example.com>`,
    html: '<p>html body words</p>',
    attachments: [{ filename: FILE, content: 'attached words', contentType: 'text/plain' }],
  });
  await page.reload();
  await messageRow(page, tag).click();
  await expect(page.getByTestId('reader-subject')).toHaveText(SUBJECT);

  await page.getByTestId('action-reply').click();
  const composer = page.getByTestId('composer');
  await expect(page.getByTestId('compose-subject')).toHaveValue(`Re: ${SUBJECT}`);
  await expect(page.getByTestId('compose-body')).toContainText(`${NAME} <eve@example.com> wrote:`);
  await expect(composer.locator('.chip')).toContainText(NAME);
  await expect(page.getByTestId('compose-body').locator('img, b, i, script')).toHaveCount(0);
  // discarding asks first, naming the draft by its subject: as text too
  await page.getByTestId('compose-discard').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`Re: ${SUBJECT}`);
  await expect(page.getByTestId('confirm-dialog').locator('img, b, i, script')).toHaveCount(0);
  await page.getByTestId('confirm-ok').click();
  await expect(composer).toHaveCount(0);

  await page.getByTestId('action-forward').click();
  await expect(page.getByTestId('compose-subject')).toHaveValue(`Fwd: ${SUBJECT}`);
  await expect(page.getByTestId('compose-body')).toContainText(`Subject: ${SUBJECT}`);
  await expect(page.getByTestId('compose-body')).toContainText(NAME);
  await expect(page.getByTestId('compose-attachment')).toContainText(FILE);
  await expect(page.getByTestId('compose-body').locator('img, b, i, script')).toHaveCount(0);
  await expect(page.getByTestId('compose-body')).toContainText('html body words');
  await noMarkupRan(page, probes);
});
