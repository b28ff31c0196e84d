import { imapClient } from '@pigeon/mail-fixture';
import type { Route } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

// The search scope "all folders" (decision 032): folder by folder on the server, merged by date.
const raw = (subject: string, body: string, date: string) =>
  `From: Kim Teacher <kim@school.test>\r\nTo: student@school.test\r\nDate: ${date}\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`;
const FOLDER = '학교 공지';

test('search-scope "all folders" finds a Korean term in every folder, newest first, opens a result, survives a reload and can be cancelled', async ({
  signedInPage: page,
  mailbox,
  user,
}) => {
  const client = await imapClient(user);
  try {
    await client.mailboxCreate(FOLDER);
  } finally {
    await client.logout();
  }
  await mailbox.append('INBOX', raw('학교 운동회 안내', 'Sports day.', 'Tue, 10 Mar 2026 09:00:00 +0000'));
  await mailbox.append('Sent', raw('Re: 급식', '학교 급식 메뉴 고맙습니다.', 'Wed, 11 Mar 2026 09:00:00 +0000'));
  const notice = await mailbox.append(FOLDER, raw('학교 공지 3월', 'March notice.', 'Sat, 14 Mar 2026 09:00:00 +0000'));
  await mailbox.append('INBOX', raw('Unrelated', 'Nothing to see.', 'Sun, 15 Mar 2026 09:00:00 +0000'));
  await page.reload();

  // a slow search shows its progress and can be cancelled (the answer is held back until the user cancels)
  let held: Route | null = null;
  await page.route('**/api/accounts/*/search?*', (route) => {
    held = route;
  });
  await page.getByTestId('search-filters').click();
  await page.getByTestId('search-input').fill('학교');
  await page.getByTestId('search-scope').selectOption('all');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/\/mail\/INBOX\/search\?q=%ED%95%99%EA%B5%90&scope=all$/);
  await expect(page.getByTestId('search-progress')).toBeVisible();
  await page.getByTestId('search-cancel').click();
  await expect(page.getByText('Search cancelled.')).toBeVisible();
  await page.unroute('**/api/accounts/*/search?*');
  await (held as Route | null)?.continue().catch(() => {}); // the browser already gave up on it
  await page.getByRole('button', { name: 'Search again' }).click();

  const rows = page.getByTestId('search-result-row');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual([
    FOLDER,
    'Sent',
    'INBOX',
  ]);
  await expect(rows.first()).toContainText('학교 공지 3월');
  await expect(rows.first().getByTestId('search-result-folder')).toHaveText(`in ${FOLDER}`);

  await rows.first().click();
  await expect(page).toHaveURL(
    new RegExp(`/mail/${encodeURIComponent(FOLDER)}/search/${notice}\\?q=%ED%95%99%EA%B5%90&scope=all$`),
  );
  await expect(page.getByTestId('reader-subject')).toHaveText('학교 공지 3월');
  await expect(rows).toHaveCount(3); // the results stay beside the reader

  await page.reload();
  await expect(page.getByTestId('reader-subject')).toHaveText('학교 공지 3월');
  await expect(page.getByTestId('search-result-row')).toHaveCount(3);
  await expect(page.getByTestId('list-end')).toBeVisible();
});
