import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, rowByUid, signIn, test } from '../fixtures.ts';

// Difficult MIME in the reader: Korean legacy charsets decoded, a sender that is not a real address shown as
// plain text with a warning, attached messages listed with their sender and downloadable as .eml.

const corpus = (file: string) =>
  readFileSync(path.join(import.meta.dirname, '../../apps/server/src/mail/mime/fixtures', file));

test('an ISO-2022-KR message reads as Korean in the list and the reader', async ({ page, user, mailbox }) => {
  const uid = await mailbox.append('INBOX', corpus('iso-2022-kr.eml'));
  await signIn(page, user);
  await expect(rowByUid(page, uid)).toContainText('현장학습 안내');
  await rowByUid(page, uid).click();
  await expect(page.getByTestId('reader-subject')).toHaveText('현장학습 안내');
  await expect(page.getByTestId('reader-from')).toHaveText('행정실');
  await expect(page.getByTestId('reader')).toContainText('다음 주 현장학습이 있습니다.');
  await expect(page.getByTestId('sender-not-address')).toHaveCount(0);
});

test('a From that is not a real address is plain text with a warning, never a link', async ({
  page,
  user,
  mailbox,
}) => {
  const spoof = await mailbox.append('INBOX', corpus('spoof-quoted-address.eml'));
  const encoded = await mailbox.append('INBOX', corpus('from-one-encoded-word.eml'));
  await signIn(page, user);

  await rowByUid(page, spoof).click();
  await expect(page.getByTestId('reader-from')).toHaveText('bank@example.com <x>');
  await expect(page.getByTestId('sender-not-address')).toBeVisible();
  await expect(page.locator('.head .from a')).toHaveCount(0);

  await rowByUid(page, encoded).click();
  await expect(rowByUid(page, encoded)).toContainText('홍길동 <hong@example.kr>');
  await expect(page.getByTestId('reader-from')).toHaveText('홍길동 <hong@example.kr>');
  await expect(page.getByTestId('sender-not-address')).toBeVisible();
  await expect(page.getByTestId('reader')).not.toContainText('MISSING_DOMAIN');
});

test('attached messages are listed with their sender and download as .eml', async ({ page, user, mailbox }) => {
  const uid = await mailbox.append('INBOX', corpus('rfc822-attached.eml'));
  await signIn(page, user);
  await rowByUid(page, uid).click();
  const items = page.getByTestId('attachment-item');
  await expect(items).toHaveCount(2);
  const first = items.filter({ hasText: '원본 공지.eml' });
  await expect(first.getByTestId('attached-message')).toContainText('박교감 <park@school.kr>');
  const [download] = await Promise.all([page.waitForEvent('download'), first.getByRole('link').click()]);
  expect(download.suggestedFilename()).toBe('원본 공지.eml');
  const bytes = readFileSync(await download.path());
  expect(bytes.toString('utf8')).toContain('Subject: =?UTF-8?B?');
});

test('an attached message opens inside the reader, in a sandboxed frame of its own', async ({
  page,
  user,
  mailbox,
}) => {
  const uid = await mailbox.append('INBOX', corpus('rfc822-attached.eml'));
  await signIn(page, user);
  await rowByUid(page, uid).click();
  const first = page.getByTestId('attachment-item').filter({ hasText: '원본 공지.eml' });
  await first.getByTestId('attached-message-view').click();
  const frame = page.getByTestId('attached-message-frame');
  await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
  await expect(frame.contentFrame().locator('body')).toContainText('원본 메시지 본문입니다.');
  await expect(first.getByTestId('attached-message-view')).toHaveAttribute('aria-expanded', 'true');
  await first.getByTestId('attached-message-view').click();
  await expect(frame).toHaveCount(0);
});
