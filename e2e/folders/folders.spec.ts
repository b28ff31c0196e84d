import { imapClient, type MailUser } from '@pigeon/mail-fixture';
import { expect, folderItem, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';
import type { Browser, Page } from '@playwright/test';

/** Unread count as a mail app that just connected sees it (the fixture's own client keeps INBOX selected). */
async function unseenFromNewClient(user: MailUser, path: string): Promise<number> {
  const client = await imapClient(user);
  try {
    const status = await client.status(path, { unseen: true });
    return status ? (status.unseen ?? -1) : -1;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

const menuItem = async (page: Page, path: string, testid: string) => {
  await folderItem(page, path).hover();
  await page.locator(`[data-testid="folder-menu"][data-folder-path="${path}"]`).click();
  await page.getByTestId(testid).click();
};

test('create, rename and delete a folder, and drag a message into it: all on the IMAP server', async ({
  page,
  user,
  mailbox,
}) => {
  const subject = uniqueSubject('File me');
  await mailbox.deliver({ subject, text: 'goes into the new folder' });
  await signIn(page, user);

  // create (Korean + emoji), seen by the mail server at once
  await page.getByTestId('folder-create').click();
  await page.getByTestId('folder-name-input').fill('학교 과제 🎒');
  await page.getByTestId('folder-save').click();
  await expect(folderItem(page, '학교 과제 🎒')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/mail/${encodeURIComponent('학교 과제 🎒')}$`));
  expect(await mailbox.status('학교 과제 🎒')).toEqual({ messages: 0, unseen: 0 });

  // a refused name explains itself in the dialog and creates nothing
  await page.getByTestId('folder-create').click();
  await page.getByTestId('folder-name-input').fill('a/b');
  await page.getByTestId('folder-save').click();
  await expect(page.getByTestId('folder-error')).toContainText('/');
  await page.keyboard.press('Escape');

  // drag the message from the inbox onto the folder
  await folderItem(page, 'INBOX').click();
  await messageRow(page, subject).dragTo(folderItem(page, '학교 과제 🎒'));
  await expect(messageRow(page, subject)).toHaveCount(0);
  await expect.poll(() => mailbox.find('학교 과제 🎒', subject), { message: 'filed on the server' }).not.toBeNull();
  await expect.poll(() => mailbox.find('INBOX', subject)).toBeNull();

  // rename while it is open: the page follows the new name
  await folderItem(page, '학교 과제 🎒').click();
  await expect(messageRow(page, subject)).toBeVisible();
  await menuItem(page, '학교 과제 🎒', 'folder-rename');
  await page.getByTestId('folder-name-input').fill('과제 2026 ✅');
  await page.getByTestId('folder-save').click();
  await expect(folderItem(page, '과제 2026 ✅')).toBeVisible();
  await expect(folderItem(page, '학교 과제 🎒')).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/mail/${encodeURIComponent('과제 2026 ✅')}$`));
  await expect(messageRow(page, subject)).toBeVisible();
  expect((await mailbox.status('과제 2026 ✅')).messages).toBe(1);

  // delete: the confirmation says how many messages go with it
  await menuItem(page, '과제 2026 ✅', 'folder-delete');
  await expect(page.getByTestId('confirm-dialog')).toContainText('1 message');
  await page.getByTestId('confirm-ok').click();
  await expect(folderItem(page, '과제 2026 ✅')).toHaveCount(0);
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(mailbox.status('과제 2026 ✅')).rejects.toThrow();
});

test('nest a folder by dragging it, or with the keyboard through "Move to…"', async ({ page, user, mailbox }) => {
  await signIn(page, user);
  for (const name of ['Clubs', 'Chess', 'Go']) {
    await page.getByTestId('folder-create').click();
    await page.getByTestId('folder-name-input').fill(name);
    await page.getByTestId('folder-save').click();
    await expect(folderItem(page, name)).toBeVisible();
  }
  await folderItem(page, 'Chess').dragTo(folderItem(page, 'Clubs'));
  await expect(folderItem(page, 'Clubs/Chess')).toBeVisible();
  expect((await mailbox.status('Clubs/Chess')).messages).toBe(0);

  // keyboard: the folder's menu button, "Move to…", a target, all with Enter
  await folderItem(page, 'Go').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-testid="folder-menu"][data-folder-path="Go"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByTestId('folder-move').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="folder-move-target"][data-folder-path="Clubs"]').focus();
  await page.keyboard.press('Enter');
  await expect(folderItem(page, 'Clubs/Go')).toBeVisible();
  expect((await mailbox.status('Clubs/Go')).messages).toBe(0);
  await expect(mailbox.status('Go')).rejects.toThrow();
});

test('manage folders: an unsubscribed folder leaves the pane; mark all read; empty Trash after a confirmation', async ({
  page,
  user,
  mailbox,
}) => {
  await mailbox.append('Trash', 'Subject: old 1\r\n\r\nx\r\n');
  await mailbox.append('Trash', 'Subject: old 2\r\n\r\nx\r\n');
  for (const s of ['n1', 'n2', 'n3']) await mailbox.deliver({ subject: uniqueSubject(s), text: 'unread' });
  await signIn(page, user);
  await page.getByTestId('folder-create').click();
  await page.getByTestId('folder-name-input').fill('뉴스레터');
  await page.getByTestId('folder-save').click();
  await expect(folderItem(page, '뉴스레터')).toBeVisible();

  await page.getByTestId('folder-manage').click();
  const row = page.locator('[data-testid="folder-manage-row"][data-folder-path="뉴스레터"]');
  await expect(row.getByTestId('folder-subscribe')).toBeChecked();
  await row.getByTestId('folder-subscribe').uncheck();
  await expect(row.getByTestId('folder-subscribe')).not.toBeChecked();
  await page.getByRole('link', { name: /Back to mail|메일로 돌아가기/ }).click();
  await expect(folderItem(page, 'INBOX')).toBeVisible();
  await expect(folderItem(page, '뉴스레터')).toHaveCount(0);

  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText('3');
  await menuItem(page, 'INBOX', 'action-mark-all-read');
  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveCount(0);
  await expect.poll(() => unseenFromNewClient(user, 'INBOX')).toBe(0);

  await menuItem(page, 'Trash', 'folder-empty');
  await expect(page.getByTestId('confirm-dialog')).toContainText('2 messages');
  await page.getByTestId('confirm-ok').click();
  await expect.poll(async () => (await mailbox.status('Trash')).messages).toBe(0);
});

async function device(browser: Browser, baseURL: string, proxyServer: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    proxy: { server: proxyServer, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
  return context.newPage();
}

test('the phone follows a folder renamed on the laptop, and leaves it when it is deleted', async ({
  browser,
  baseURL,
  offsite,
  user,
}) => {
  const laptop = await device(browser, baseURL as string, offsite.url);
  const phone = await device(browser, baseURL as string, offsite.url);
  try {
    for (const page of [laptop, phone]) {
      await signIn(page, user);
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    }
    await laptop.getByTestId('folder-create').click();
    await laptop.getByTestId('folder-name-input').fill('동아리');
    await laptop.getByTestId('folder-save').click();
    await expect(folderItem(phone, '동아리')).toBeVisible();
    await folderItem(phone, '동아리').click();
    await expect(phone).toHaveURL(new RegExp(`/mail/${encodeURIComponent('동아리')}$`));

    await menuItem(laptop, '동아리', 'folder-rename');
    await laptop.getByTestId('folder-name-input').fill('동아리 🎸');
    await laptop.getByTestId('folder-save').click();
    await expect(folderItem(phone, '동아리 🎸')).toBeVisible();
    await expect(phone).toHaveURL(new RegExp(`/mail/${encodeURIComponent('동아리 🎸')}$`));

    await menuItem(laptop, '동아리 🎸', 'folder-delete');
    await laptop.getByTestId('confirm-ok').click();
    await expect(folderItem(phone, '동아리 🎸')).toHaveCount(0);
    await expect(phone).toHaveURL(/\/mail\/INBOX$/);
  } finally {
    await laptop.context().close();
    await phone.context().close();
  }
});
