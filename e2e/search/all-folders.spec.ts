import { imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Route } from '@playwright/test';
import { expect, test, type MailboxHelper } from '../fixtures.ts';
import { downloadEmlZip } from '../support/zip-download.ts';

// The search scope "all folders" (decision 032): folder by folder on the server, merged by date.
const raw = (subject: string, body: string, date: string) =>
  `From: Kim Teacher <kim@school.test>\r\nTo: student@school.test\r\nDate: ${date}\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`;
const FOLDER = '학교 공지';

/** A new folder FOLDER and four messages about `word` on days 10–13 of `month`: A and D in INBOX, B in Sent, C in FOLDER. */
async function inThreeFolders(
  user: MailUser,
  mailbox: MailboxHelper,
  word: string,
  month: string,
): Promise<Record<'a' | 'b' | 'c' | 'd', number>> {
  const client = await imapClient(user);
  try {
    await client.mailboxCreate(FOLDER);
  } finally {
    await client.logout();
  }
  const date = (day: number) => `${day} ${month} 2026 09:00:00 +0000`;
  const a = await mailbox.append('INBOX', raw(`${word} A`, 'One.', date(10)));
  const b = await mailbox.append('Sent', raw(`Re: ${word} B`, 'Two.', date(11)));
  const c = await mailbox.append(FOLDER, raw(`${word} C`, 'Three.', date(12)));
  const d = await mailbox.append('INBOX', raw(`${word} D`, 'Four.', date(13)));
  return { a, b, c, d };
}

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
  // D is new; the deleted B is in Trash now, which "all folders" leaves out (decision 045)
  await expect(rows).toHaveCount(2);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual(['INBOX', 'INBOX']);
  await expect(rows.first()).toHaveAttribute('data-uid', String(d));
  await expect(rows.last()).toHaveAttribute('data-uid', String(a));
  await expect(page.getByTestId('list-stale')).toHaveCount(0);
});

test('checked results of several folders take one toolbar action together; Trash and Junk only when asked for', async ({
  signedInPage: page,
  mailbox,
  user,
}) => {
  const { a, b, c, d } = await inThreeFolders(user, mailbox, '견학', 'Mar');
  const date = (day: number) => `${day} Mar 2026 09:00:00 +0000`;
  await mailbox.append('Trash', raw('견학 버린 것', 'Thrown away.', date(14)));
  await mailbox.append('Junk', raw('견학 광고', 'An advert.', date(15)));
  await page.goto('/mail/INBOX/search?q=%EA%B2%AC%ED%95%99&scope=all');

  const rows = page.getByTestId('search-result-row');
  const paths = () =>
    rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-path')}|${e.getAttribute('data-uid')}`));
  const check = (n: number) => page.getByTestId('search-result-select').nth(n);
  // Trash and Junk are not searched: what was thrown away is not found again
  await expect(rows).toHaveCount(4);
  expect(await paths()).toEqual([`INBOX|${d}`, `${FOLDER}|${c}`, `Sent|${b}`, `INBOX|${a}`]);

  // a click checks one result, a shift-click checks the range to it, across three folders
  await check(0).click();
  await check(2).click({ modifiers: ['Shift'] });
  await expect(page.getByText('3 selected')).toBeVisible();
  await expect(page.getByTestId('search-results-select-all')).toHaveJSProperty('indeterminate', true);

  // one action, one request per folder: the rows change at once, and so do the messages on the server
  await page.getByTestId('action-read').click();
  for (const n of [0, 1, 2]) await expect(rows.nth(n)).not.toHaveClass(/unread/);
  await expect(rows.nth(3)).toHaveClass(/unread/);
  await page.getByTestId('action-star').click();
  for (const n of [0, 1, 2]) await expect(rows.nth(n).getByTestId('search-result-flagged')).toBeVisible();
  await expect(rows.nth(3).getByTestId('search-result-flagged')).toHaveCount(0);
  const flagsOn = async (path: string, uid: number) => {
    const imap = await imapClient(user);
    try {
      await imap.mailboxOpen(path);
      const m = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
      return m ? [...(m.flags ?? [])].sort() : [];
    } finally {
      await imap.logout();
    }
  };
  await expect.poll(() => flagsOn('INBOX', d)).toEqual(['\\Flagged', '\\Seen']);
  await expect.poll(() => flagsOn(FOLDER, c)).toEqual(['\\Flagged', '\\Seen']);
  await expect.poll(() => flagsOn('Sent', b)).toEqual(['\\Flagged', '\\Seen']);
  await expect.poll(() => flagsOn('INBOX', a)).toEqual([]);

  // select all, leave one out, delete: the checked results leave at once, from each of their folders
  await page.getByTestId('search-results-select-all').click();
  await expect(page.getByText('4 selected')).toBeVisible();
  await check(3).click();
  await expect(page.getByText('3 selected')).toBeVisible();
  await page.getByTestId('action-delete').click();
  await expect(rows).toHaveCount(1);
  expect(await paths()).toEqual([`INBOX|${a}`]);
  await expect(page.getByText('3 selected')).toHaveCount(0);
  // the rows left at once; the moves reach the server before the page is read again (a reload right away cancels
  // the action requests still on their way, and the search then ran before them: a race of this test, not the app's)
  const stillIn = async (path: string, uid: number) => {
    const imap = await imapClient(user);
    try {
      await imap.mailboxOpen(path);
      return !!(await imap.fetchOne(String(uid), { uid: true }, { uid: true }));
    } finally {
      await imap.logout();
    }
  };
  for (const [path, uid] of [
    ['INBOX', d],
    [FOLDER, c],
    ['Sent', b],
  ] as const)
    await expect.poll(() => stillIn(path, uid)).toBe(false);

  // the search read again keeps them out (they are in Trash); asking for Trash and Junk too finds them there
  await page.reload();
  await expect(page.getByTestId('list-end')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await page.getByTestId('search-filters').click();
  await page.getByTestId('search-scope').selectOption('anywhere');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/scope=anywhere$/);
  await expect(rows).toHaveCount(6);
  const where = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
  expect(where).toEqual(['Junk', 'Trash', 'Trash', 'Trash', 'Trash', 'INBOX']);

  // x checks the open result (keyboard), and the selection survives opening results in other folders
  await rows.last().click();
  await expect(page.getByTestId('reader-subject')).toHaveText('견학 A');
  await page.keyboard.press('x');
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.keyboard.press('k');
  await expect(page.getByTestId('reader-subject')).not.toHaveText('견학 A');
  await expect(page.getByText('1 selected')).toBeVisible();
  await expect(page.getByTestId('search-result-select').last()).toBeChecked();
});

test('checked results of several folders download as one zip of .eml files, a folder inside it per folder', async ({
  signedInPage: page,
  mailbox,
  user,
}) => {
  const { a, b, c, d } = await inThreeFolders(user, mailbox, '소풍', 'Apr');
  await page.goto('/mail/INBOX/search?q=%EC%86%8C%ED%92%8D&scope=all');

  const rows = page.getByTestId('search-result-row');
  await expect(rows).toHaveCount(4);
  const check = (n: number) => page.getByTestId('search-result-select').nth(n);
  // D (INBOX), C (the Korean folder), B (Sent): three folders; A stays out
  await check(0).click();
  await check(2).click({ modifiers: ['Shift'] });
  await expect(page.getByText('3 selected')).toBeVisible();

  const { zip, entries } = await downloadEmlZip(page);
  // exactly the three chosen, each in its folder
  expect(entries).toBe(3);
  for (const name of [`INBOX/${d} 소풍 D.eml`, `${FOLDER}/${c} 소풍 C.eml`, `Sent/${b} Re 소풍 B.eml`])
    expect(zip.includes(Buffer.from(name)), name).toBe(true);
  expect(zip.includes(Buffer.from(`INBOX/${a} `))).toBe(false);
});
