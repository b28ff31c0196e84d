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

test('results in every folder behave like a folder: flags and removals apply at once, j/k walk them, a deleted result opens the next, new mail asks to refresh', async ({
  signedInPage: page,
  mailbox,
  user,
}) => {
  const a = await mailbox.append('INBOX', raw('소풍 A', 'Picnic one.', 'Tue, 10 Mar 2026 09:00:00 +0000'));
  const b = await mailbox.append('Sent', raw('Re: 소풍 B', 'Picnic two.', 'Wed, 11 Mar 2026 09:00:00 +0000'), [
    '\\Seen',
  ]);
  const c = await mailbox.append('INBOX', raw('소풍 C', 'Picnic three.', 'Thu, 12 Mar 2026 09:00:00 +0000'));
  await page.goto('/mail/INBOX/search?q=%EC%86%8C%ED%92%8D&scope=all');

  const rows = page.getByTestId('search-result-row');
  const row = (path: string, uid: number) =>
    page.locator(`[data-testid="search-result-row"][data-path="${path}"][data-uid="${uid}"]`);
  await expect(rows).toHaveCount(3);
  await expect(row('INBOX', c)).toHaveClass(/unread/);

  // opening a result reads it: the row is no longer unread; starring it from the toolbar shows at once
  await row('INBOX', c).click();
  await expect(page.getByTestId('reader-subject')).toHaveText('소풍 C');
  await expect(row('INBOX', c)).not.toHaveClass(/unread/);
  await page.getByTestId('action-star').click();
  await expect(row('INBOX', c).getByTestId('search-result-flagged')).toBeVisible();

  // j walks to the next result, in another folder; k comes back
  await page.keyboard.press('j');
  await expect(page.getByTestId('reader-subject')).toHaveText('Re: 소풍 B');
  await expect(page).toHaveURL(new RegExp(`/mail/Sent/search/${b}\\?`));
  await page.keyboard.press('k');
  await expect(page.getByTestId('reader-subject')).toHaveText('소풍 C');
  await page.keyboard.press('j');
  await expect(page.getByTestId('reader-subject')).toHaveText('Re: 소풍 B');

  // deleting the open result takes its row out and opens the one that followed it
  await page.getByTestId('action-delete').click();
  await expect(row('Sent', b)).toHaveCount(0);
  await expect(page.getByTestId('reader-subject')).toHaveText('소풍 A');
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/search/${a}\\?`));

  // another client deletes a result and adds a new match: the row goes at once, the new one waits for a refresh
  const other = await imapClient(user);
  try {
    await other.mailboxOpen('INBOX');
    await other.messageDelete(String(c), { uid: true });
  } finally {
    await other.logout();
  }
  await expect(row('INBOX', c)).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  const d = await mailbox.append('INBOX', raw('소풍 D', 'Picnic four.', 'Fri, 13 Mar 2026 09:00:00 +0000'));
  await expect(page.getByTestId('list-stale')).toBeVisible();
  await page.getByTestId('list-stale').click();
  // D is new; the deleted B is in Trash now, which is searched too (every folder)
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual([
    'INBOX',
    'Trash',
    'INBOX',
  ]);
  await expect(rows.first()).toHaveAttribute('data-uid', String(d));
  await expect(rows.last()).toHaveAttribute('data-uid', String(a));
  await expect(page.getByTestId('list-stale')).toHaveCount(0);
});
