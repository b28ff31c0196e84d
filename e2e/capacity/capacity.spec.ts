import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test, uniqueSubject } from '../fixtures.ts';
import { downloadEmlZip } from '../support/zip-download.ts';

/** A plain message of about `kb` KB (lines of 76 characters, so it stays that size on the server). */
function sizedMessage(subject: string, kb: number): string {
  const line = 'x'.repeat(76);
  const body = Array.from({ length: Math.floor((kb * 1024) / 78) }, () => line).join('\r\n');
  return `From: Sender <sender@example.com>\r\nTo: someone@school.test\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${body}\r\n`;
}

const bar = (page: Page): Locator => page.getByTestId('quota-bar');
const used = async (page: Page) => Number(await bar(page).getAttribute('data-used'));

test.describe('with a 200 KB mailbox', () => {
  test.use({ userQuota: '200K' });

  test('the quota bar shows use and limit and warns at 90 % when new mail arrives', async ({ page, user, mailbox }) => {
    for (let i = 0; i < 5; i++) await mailbox.append('INBOX', sizedMessage(uniqueSubject(`old ${i}`), 32));
    await signIn(page, user);

    await expect(bar(page)).toBeVisible();
    await expect(bar(page)).toHaveAttribute('data-limit', String(200 * 1024));
    await expect(bar(page)).toHaveAttribute('data-level', 'ok');
    const before = await used(page);
    expect(before).toBeGreaterThan(150 * 1024);
    expect(before).toBeLessThan(180 * 1024);
    await expect(bar(page)).toContainText('200 KB');
    await expect(page.getByTestId('quota-warning')).toHaveCount(0);

    // new mail pushes it past 90 %: the bar follows without a reload
    await mailbox.deliver({ subject: uniqueSubject('one more'), text: 'y'.repeat(25 * 1024) });
    await expect.poll(() => used(page), { message: 'the bar follows new mail' }).toBeGreaterThan(before);
    await expect(bar(page)).toHaveAttribute('data-level', 'warning');
    await expect(page.getByTestId('quota-warning')).toContainText('almost full');
  });

  test('free up space: delete the largest message for good and the bar goes down', async ({ page, user, mailbox }) => {
    const big = uniqueSubject('Huge scan');
    await mailbox.append('Archive', sizedMessage(big, 90));
    await mailbox.append('INBOX', sizedMessage(uniqueSubject('middle'), 40));
    await mailbox.append('INBOX', sizedMessage(uniqueSubject('small'), 5));
    await signIn(page, user);
    await expect(bar(page)).toBeVisible();
    const before = await used(page);

    await page.getByTestId('free-up-space-link').click();
    await expect(page).toHaveURL(/\/settings\/storage$/);
    const list = page.getByTestId('largest-messages');
    const rows = list.getByTestId('largest-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText(big);
    await expect(rows.first()).toHaveAttribute('data-folder-path', 'Archive');

    await rows.first().getByRole('checkbox').check();
    await page.getByTestId('largest-delete').click();
    await page.getByTestId('confirm-ok').click();

    await expect(rows).toHaveCount(2);
    await expect(list).not.toContainText(big);
    const shown = async () => Number(await page.getByTestId('storage-used').getAttribute('data-used'));
    await expect.poll(shown, { message: 'the page’s numbers go down' }).toBeLessThan(before - 80 * 1024);
    await expect.poll(() => mailbox.find('Archive', big), { message: 'gone on the server' }).toBeNull();
    expect(await mailbox.find('Trash', big)).toBeNull();

    // select all picks every row; the folder sizes view lists INBOX
    await page.getByTestId('largest-select-all').check();
    await expect(rows.getByRole('checkbox').first()).toBeChecked();
    await expect(rows.getByRole('checkbox').last()).toBeChecked();
    await page.getByTestId('storage-view-folders').click();
    await expect(page.locator('[data-testid="folder-size"][data-folder-path="INBOX"]')).toContainText('2');

    // back in the mail view, the bar under the folders shows the space that was freed
    await page.getByRole('link', { name: 'Back to mail' }).click();
    await expect(bar(page)).toBeVisible();
    expect(await used(page)).toBeLessThan(before - 80 * 1024);
  });
});

test('a mailbox without a storage limit shows no bar and no error', async ({ page, user }) => {
  const quota = page.waitForResponse((r) => /\/api\/accounts\/[^/]+\/quota$/.test(new URL(r.url()).pathname));
  await signIn(page, user);
  expect((await quota).status()).toBe(200);
  await expect(page.getByTestId('folder-item').first()).toBeVisible();
  await expect(bar(page)).toHaveCount(0);
});

test('a selection downloads as one zip of .eml files', async ({ page, user, mailbox }) => {
  const subjects = [uniqueSubject('zip one'), uniqueSubject('zip two')];
  for (const s of subjects) await mailbox.append('INBOX', sizedMessage(s, 2));
  await mailbox.append('INBOX', sizedMessage(uniqueSubject('not chosen'), 2));
  await signIn(page, user);

  const rows = page.getByTestId('message-row');
  for (const s of subjects) await rows.filter({ hasText: s }).getByTestId('message-select').check();
  const { zip, entries } = await downloadEmlZip(page);
  // exactly the two chosen, named by their subjects
  expect(entries).toBe(2);
  for (const s of subjects) expect(zip.includes(Buffer.from(s))).toBe(true);
  expect(zip.includes(Buffer.from('not chosen'))).toBe(false);
});
