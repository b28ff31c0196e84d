import { expect, folderItem, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

test('deleting a message moves it to Trash', async ({ page, user, mailbox }) => {
  const subject = uniqueSubject('Delete me');
  const keep = uniqueSubject('Keep me');
  await mailbox.deliver({ subject: keep, text: 'stays in the inbox' });
  await mailbox.deliver({ subject, text: 'goes to the trash' });
  await signIn(page, user);

  await messageRow(page, subject).click();
  await expect(page.getByTestId('reader')).toContainText(subject);
  await page.getByTestId('action-delete').click();

  await expect(messageRow(page, subject)).toHaveCount(0);
  await expect(messageRow(page, keep)).toBeVisible();
  await expect.poll(() => mailbox.find('INBOX', subject), { message: 'gone from INBOX on the server' }).toBeNull();
  await expect.poll(() => mailbox.find('Trash', subject), { message: 'stored in Trash' }).not.toBeNull();

  await folderItem(page, 'Trash').click();
  await expect(page).toHaveURL(/\/mail\/Trash$/);
  await expect(messageRow(page, subject)).toBeVisible();
  await expect(messageRow(page, keep)).toHaveCount(0);
});
