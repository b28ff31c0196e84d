import { imapClient, type MailUser } from '@pigeon/mail-fixture';
import type { Page, Request } from '@playwright/test';
import { expect, folderItem, rowByUid, signIn, test } from '../fixtures.ts';

// The reader loads the next and previous message ahead (detail, and the HTML body in a hidden frame), marks
// the open one read with a POST once it is on screen, and never marks a message it only loaded ahead.

const html = (n: number) =>
  [
    `From: Prefetch Sender <sender@school.test>`,
    `Subject: Prefetch ${n}`,
    `Date: Mon, 1 Dec 2025 10:0${n}:00 +0000`,
    `Message-ID: <prefetch-${n}-${Date.now()}@school.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p id="m${n}">Body of prefetch message ${n}</p>`, // the sanitizer serves it as id="msg-m${n}"
    '',
  ].join('\r\n');

async function unseenUids(user: MailUser): Promise<number[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const found = await client.search({ seen: false }, { uid: true });
      return Array.isArray(found) ? found.sort((a, b) => a - b) : [];
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Every request the page sends to the message API, as "METHOD path [markRead uids]". Of the body URLs, only the
 * frames' own loads: the device's copy for offline reading (decision 031) fetches bodies too, in the background.
 */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (req: Request) => {
    const url = new URL(req.url());
    if (!/^\/api\/accounts\/[^/]+\/mailboxes\//.test(url.pathname)) return;
    if (url.pathname.endsWith('/body') && req.resourceType() !== 'document') return;
    const body = req.method() === 'POST' ? ` ${req.postData() ?? ''}` : '';
    seen.push(`${req.method()} ${url.pathname}${url.search}${body}`);
  });
  return seen;
}

const body = (page: Page) => page.getByTestId('message-body');
const ahead = (page: Page, uid: number) =>
  page.locator(`[data-testid="message-body-ahead"][data-uid="${uid}"][data-loaded="true"]`);
const markReads = (log: string[]) =>
  log.filter((l) => l.includes('/messages/actions')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as object);
const bodyLoads = (log: string[], uid: number) => log.filter((l) => l.startsWith(`GET `) && l.includes(`/${uid}/body`));

test('j/k step through messages loaded ahead: the right one shows, it is marked read after display, its neighbours stay unread', async ({
  page,
  user,
  mailbox,
}) => {
  const uids: number[] = [];
  for (let n = 1; n <= 5; n++) uids.push(await mailbox.append('INBOX', html(n)));
  const [u1, u2, u3, u4, u5] = uids as [number, number, number, number, number];
  const log = recordRequests(page);
  await signIn(page, user);
  await expect(rowByUid(page, u5)).toHaveClass(/unread/);

  await rowByUid(page, u3).click();
  await expect(body(page)).toHaveAttribute('data-uid', String(u3));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m3')).toHaveText(
    'Body of prefetch message 3',
  );
  await expect(rowByUid(page, u3)).not.toHaveClass(/unread/);
  // both neighbours are rendered ahead, hidden, and left unread everywhere
  await expect(ahead(page, u2)).toHaveCount(1);
  await expect(ahead(page, u4)).toHaveCount(1);
  await expect(ahead(page, u2)).toBeHidden();
  await expect.poll(() => unseenUids(user)).toEqual([u1, u2, u4, u5]);
  await expect(rowByUid(page, u2)).toHaveClass(/unread/);
  await expect(rowByUid(page, u4)).toHaveClass(/unread/);
  expect(markReads(log)).toEqual([{ action: 'markRead', uids: [u3] }]);

  // j: the older neighbour, from the frame rendered ahead (its body is not requested again)
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/${u2}$`));
  await expect(page.getByTestId('reader-subject')).toHaveText('Prefetch 2');
  await expect(body(page)).toHaveAttribute('data-uid', String(u2));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m2')).toHaveText(
    'Body of prefetch message 2',
  );
  await expect(rowByUid(page, u2)).not.toHaveClass(/unread/);
  await expect(ahead(page, u1)).toHaveCount(1);
  await expect.poll(() => unseenUids(user)).toEqual([u1, u4, u5]);
  expect(bodyLoads(log, u2)).toHaveLength(1);

  // k twice: back to 3 (kept ahead as the previous one), then 4 (loaded ahead while 3 was open the first time;
  // its frame was not needed while 2 was open, so it kept its document)
  await page.keyboard.press('k');
  await expect(body(page)).toHaveAttribute('data-uid', String(u3));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m3')).toBeVisible();
  await expect(ahead(page, u4)).toHaveCount(1);
  await page.keyboard.press('k');
  await expect(page.getByTestId('reader-subject')).toHaveText('Prefetch 4');
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m4')).toHaveText(
    'Body of prefetch message 4',
  );
  await expect.poll(() => unseenUids(user)).toEqual([u1, u5]);
  expect(bodyLoads(log, u3)).toHaveLength(1);
  expect(bodyLoads(log, u4)).toHaveLength(1);
  // a fixed number of frames: the open message, its two neighbours, the row the mouse rests on
  expect(await page.locator('[data-testid="reader"] iframe').count()).toBeLessThanOrEqual(4);
  expect(markReads(log)).toEqual([
    { action: 'markRead', uids: [u3] },
    { action: 'markRead', uids: [u2] },
    { action: 'markRead', uids: [u4] },
  ]);
  await expect(rowByUid(page, u1)).toHaveClass(/unread/);
  await expect(rowByUid(page, u5)).toHaveClass(/unread/);
  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText('2');
});

test('opening marks read with a POST only once the body is on screen; the GETs leave it unread', async ({
  page,
  user,
  mailbox,
}) => {
  const uid = await mailbox.append('INBOX', html(7));
  const plain = await mailbox.append(
    'INBOX',
    'From: a@school.test\r\nSubject: Plain one\r\nContent-Type: text/plain\r\n\r\nplain words\r\n',
  );
  const log = recordRequests(page);
  await signIn(page, user);

  // hold the HTML body: the detail is shown, the body is not, so nothing may be marked yet
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/messages/${uid}/body*`, async (route) => {
    await held;
    await route.continue();
  });
  await rowByUid(page, uid).click();
  await expect(page.getByTestId('reader-subject')).toHaveText('Prefetch 7');
  await expect.poll(() => log.filter((l) => l.startsWith(`GET `) && l.includes(`/${uid}/body`)).length).toBe(1);
  expect(await unseenUids(user)).toEqual([uid, plain]);
  expect(markReads(log)).toEqual([]);
  await expect(rowByUid(page, uid)).toHaveClass(/unread/);
  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText('2');

  release();
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m7')).toBeVisible();
  await expect(rowByUid(page, uid)).not.toHaveClass(/unread/);
  await expect(folderItem(page, 'INBOX').getByTestId('folder-unread')).toHaveText('1');
  await expect.poll(() => unseenUids(user)).toEqual([plain]);
  await expect(page).toHaveTitle(/^\(1\) /);

  // a plain-text message is on screen as soon as its text is
  await page.keyboard.press('k');
  await expect(page.getByTestId('message-body')).toContainText('plain words');
  await expect.poll(() => unseenUids(user)).toEqual([]);
  await expect(page).not.toHaveTitle(/^\(\d+\) /);
  expect(markReads(log)).toEqual([
    { action: 'markRead', uids: [uid] },
    { action: 'markRead', uids: [plain] },
  ]);
});

test('the row the mouse rests on is rendered ahead, unread, and a click shows it without loading it again', async ({
  page,
  user,
  mailbox,
}) => {
  const uids: number[] = [];
  for (let n = 1; n <= 6; n++) uids.push(await mailbox.append('INBOX', html(n)));
  const [, u2, , , u5, u6] = uids as [number, number, number, number, number, number];
  const log = recordRequests(page);
  await signIn(page, user);
  await rowByUid(page, u6).click();
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m6')).toBeVisible();
  await expect(ahead(page, u5)).toHaveCount(1);

  await rowByUid(page, u2).getByTestId('message-subject').hover();
  await expect(ahead(page, u2)).toHaveCount(1);
  await expect(ahead(page, u2)).toBeHidden();
  expect(await unseenUids(user)).toContain(u2);
  await expect(rowByUid(page, u2)).toHaveClass(/unread/);

  await rowByUid(page, u2).click();
  await expect(body(page)).toHaveAttribute('data-uid', String(u2));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m2')).toHaveText(
    'Body of prefetch message 2',
  );
  await expect.poll(() => unseenUids(user)).not.toContain(u2);
  expect(bodyLoads(log, u2)).toHaveLength(1);
  expect(markReads(log)).toEqual([
    { action: 'markRead', uids: [u6] },
    { action: 'markRead', uids: [u2] },
  ]);
});

test('with no message open yet, the row the mouse rests on is rendered ahead; the first click shows it from that frame', async ({
  page,
  user,
  mailbox,
}) => {
  const uids: number[] = [];
  for (let n = 1; n <= 3; n++) uids.push(await mailbox.append('INBOX', html(n)));
  const [, u2] = uids as [number, number, number];
  const log = recordRequests(page);
  await signIn(page, user);
  await expect(page.getByTestId('reader-idle')).toBeVisible();

  await rowByUid(page, u2).getByTestId('message-subject').hover();
  await expect(ahead(page, u2)).toHaveCount(1);
  await expect(ahead(page, u2)).toBeHidden();
  await expect(rowByUid(page, u2)).toHaveClass(/unread/);

  await rowByUid(page, u2).click();
  await expect(body(page)).toHaveAttribute('data-uid', String(u2));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m2')).toHaveText(
    'Body of prefetch message 2',
  );
  expect(bodyLoads(log, u2)).toHaveLength(1);
  await expect.poll(() => unseenUids(user)).not.toContain(u2);
});

test('a press on a row starts its body at once (no resting needed); the release opens it from that frame', async ({
  page,
  user,
  mailbox,
}) => {
  const uids: number[] = [];
  for (let n = 1; n <= 6; n++) uids.push(await mailbox.append('INBOX', html(n)));
  const [, u2, , , , u6] = uids as [number, number, number, number, number, number];
  const log = recordRequests(page);
  await signIn(page, user);
  await rowByUid(page, u6).click();
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m6')).toBeVisible();

  // the button goes down without the pointer resting on the row first (an instant click): nothing is open yet
  await rowByUid(page, u2)
    .getByTestId('message-subject')
    .dispatchEvent('pointerdown', { pointerType: 'mouse', button: 0, isPrimary: true });
  await expect(ahead(page, u2)).toHaveCount(1);
  await expect(ahead(page, u2)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/${u6}$`));
  await expect(rowByUid(page, u2)).toHaveClass(/unread/);

  await rowByUid(page, u2).click();
  await expect(body(page)).toHaveAttribute('data-uid', String(u2));
  await expect(page.frameLocator('[data-testid="message-body"]').locator('#msg-m2')).toHaveText(
    'Body of prefetch message 2',
  );
  expect(bodyLoads(log, u2)).toHaveLength(1);
  await expect.poll(() => unseenUids(user)).not.toContain(u2);
});
