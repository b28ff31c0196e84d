import { expect, folderItem, rowByUid, test } from '../fixtures.ts';

test.use({ seed: 60 });

test('folders show their unread counts, including the Korean folder 학교 공지', async ({
  signedInPage: page,
  mailbox,
}) => {
  const inbox = await mailbox.status('INBOX');
  const korean = await mailbox.status('학교 공지');
  expect(inbox.unseen, 'the seed leaves the newest messages unread').toBeGreaterThan(0);

  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText(String(inbox.unseen));
  const koreanItem = folderItem(page, '학교 공지');
  await expect(koreanItem).toBeVisible();
  await expect(koreanItem).toContainText('학교 공지');
  if (korean.unseen > 0) await expect(koreanItem.getByTestId('folder-unread')).toHaveText(String(korean.unseen));
  else await expect(koreanItem.getByTestId('folder-unread')).toHaveCount(0);

  for (const path of ['Sent', 'Trash', 'Archive', 'Projects/Alpha']) await expect(folderItem(page, path)).toBeVisible();
});

test('opening the Korean folder lists its messages under an encoded URL', async ({ signedInPage: page, mailbox }) => {
  const korean = await mailbox.status('학교 공지');
  expect(korean.messages).toBeGreaterThan(0);
  await folderItem(page, '학교 공지').click();
  await expect(page).toHaveURL(new RegExp(`/mail/${encodeURIComponent('학교 공지')}$`));
  await expect(page.getByTestId('message-row')).toHaveCount(korean.messages);
  await page.reload();
  await expect(page.getByTestId('message-row')).toHaveCount(korean.messages);
});

test('reading an unread message lowers the inbox unread count', async ({ signedInPage: page, mailbox }) => {
  const before = (await mailbox.status('INBOX')).unseen;
  const unreadRow = rowByUid(page, 60);
  await unreadRow.click();
  await expect(page.getByTestId('reader')).toBeVisible();
  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText(String(before - 1));
  await expect.poll(async () => (await mailbox.status('INBOX')).unseen).toBe(before - 1);
});
