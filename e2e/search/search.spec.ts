import { imapClient } from '@pigeon/mail-fixture';
import { expect, rowByUid, test } from '../fixtures.ts';

const raw = (subject: string, body: string, extra = '') =>
  `From: Kim Teacher <kim@school.test>\r\nTo: student@school.test\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}${extra}\r\n`;

const withFile = (subject: string) =>
  [
    'From: Kim Teacher <kim@school.test>',
    'To: student@school.test',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The form is attached.',
    '--b1',
    'Content-Type: application/pdf; name="form.pdf"',
    'Content-Disposition: attachment; filename="form.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.alloc(600, 7).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');

test('search with / and the field, open a result, reload the search URL', async ({
  signedInPage: page,
  mailbox,
  user,
}) => {
  const school = await mailbox.append('INBOX', raw('학교 운동회 안내', 'Sports day on Saturday.'));
  const other = await mailbox.append('INBOX', raw('Lunch menu', '이번 주 학교 급식 메뉴입니다.'));
  const noise = await mailbox.append('INBOX', raw('Unrelated', 'Nothing to see.'));
  await page.reload();
  await expect(rowByUid(page, noise)).toBeVisible();

  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('학교');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/mail\/INBOX\/search\?q=%ED%95%99%EA%B5%90$/);
  await expect(rowByUid(page, school)).toBeVisible();
  await expect(rowByUid(page, other)).toBeVisible();
  await expect(rowByUid(page, noise)).toHaveCount(0);
  await expect(page.getByTestId('search-count')).toContainText('2');

  // keyboard use in the results: the first result opens with j then o, and stays inside the search
  await page.getByTestId('search-input').blur();
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/search/${other}\\?q=`));
  await expect(page.getByTestId('reader-subject')).toHaveText('Lunch menu');

  await page.reload();
  await expect(page.getByTestId('reader-subject')).toHaveText('Lunch menu');
  await expect(rowByUid(page, school)).toBeVisible();
  await expect(rowByUid(page, noise)).toHaveCount(0);
  await expect(page.getByTestId('search-input')).toHaveValue('학교');

  // fields in the panel: subject only
  await page.getByTestId('search-filters').click();
  await page.getByTestId('search-input').fill('');
  await page.getByTestId('search-subject').fill('운동회');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/search\?subject=/);
  await expect(rowByUid(page, school)).toBeVisible();
  await expect(rowByUid(page, other)).toHaveCount(0);

  // a deletion on another client applies to the results at once
  const otherClient = await imapClient(user);
  try {
    const lock = await otherClient.getMailboxLock('INBOX');
    try {
      await otherClient.messageDelete(String(school), { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await otherClient.logout();
  }
  await expect(rowByUid(page, school)).toHaveCount(0);
});

test('sort by size and quick filters, paging stays on the sorted list', async ({ signedInPage: page, mailbox }) => {
  const small = await mailbox.append('INBOX', raw('small one', 'x'), ['\\Seen']);
  const big = await mailbox.append('INBOX', raw('big one', 'y'.repeat(30_000)), ['\\Seen']);
  const flagged = await mailbox.append('INBOX', raw('starred one', 'z'.repeat(500)), ['\\Flagged']);
  await page.reload();
  await expect(rowByUid(page, flagged)).toBeVisible();

  await page.getByTestId('sort-select').selectOption('size-desc');
  await expect(page).toHaveURL(/\?sort=size$/);
  const rows = page.getByTestId('message-row');
  await expect(rows.first()).toHaveAttribute('data-uid', String(big));
  await expect(rows.last()).toHaveAttribute('data-uid', String(small));

  await page.getByTestId('filter-unread').click();
  await expect(page.getByTestId('filter-unread')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-uid', String(flagged));

  await page.getByTestId('filter-unread').click();
  await page.getByTestId('filter-flagged').click();
  await expect(rows).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('filter-flagged')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sort-select')).toHaveValue('size-desc');
  await expect(rows.first()).toHaveAttribute('data-uid', String(flagged));
});

test('the quick filter "with attachments" lists the message sent with a file, and only it', async ({
  signedInPage: page,
  mailbox,
}) => {
  const plain = await mailbox.append('INBOX', raw('no file', 'x'), ['\\Seen']);
  const file = await mailbox.append('INBOX', withFile('form attached'), ['\\Seen']);
  await page.reload();
  await expect(rowByUid(page, plain)).toBeVisible();
  const rows = page.getByTestId('message-row');
  await expect(rowByUid(page, file)).toBeVisible();
  await page.getByTestId('filter-attachments').click();
  await expect(page).toHaveURL(/attachments=true/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-uid', String(file));
});
