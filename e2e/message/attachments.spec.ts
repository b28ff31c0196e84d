import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('attachments download with their names (Korean too) and exact bytes', async ({ page, user, mailbox }) => {
  const subject = uniqueSubject('Attachments');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(48 * 1024)]);
  const csv = Buffer.from('이름,반\n김민준,3-2\n', 'utf8');
  const files = [
    { filename: '가정통신문 3월호.pdf', content: pdf, contentType: 'application/pdf' },
    { filename: 'roster.csv', content: csv, contentType: 'text/csv' },
  ];
  await mailbox.deliver({ subject, text: 'Two files attached.', attachments: files });
  await signIn(page, user);
  await messageRow(page, subject).click();

  const items = page.getByTestId('attachment-item');
  await expect(items).toHaveCount(2);
  for (const file of files) {
    const item = items.filter({ hasText: file.filename });
    await expect(item).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
    expect(download.suggestedFilename()).toBe(file.filename);
    const bytes = await readFile(await download.path());
    expect(bytes.length).toBe(file.content.length);
    expect(sha256(bytes)).toBe(sha256(file.content));
  }
});
