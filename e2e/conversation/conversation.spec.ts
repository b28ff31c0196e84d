import type { Browser, Page } from '@playwright/test';
import { expect, signIn, test, uniqueSubject } from '../fixtures.ts';

const raw = (o: { subject: string; from: string; id: string; date: string; inReplyTo?: string; body: string }) =>
  [
    `From: ${o.from}`,
    'To: student@school.test',
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    `Message-ID: <${o.id}@school.test>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}@school.test>`, `References: <${o.inReplyTo}@school.test>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');

const conversationRow = (page: Page, id: number) =>
  page.locator(`[data-testid="conversation-row"][data-thread-id="${id}"]`);

async function turnOnConversations(page: Page) {
  const toggle = page.getByTestId('conversation-toggle');
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
}

test('conversations: one row per conversation, opened oldest first with my reply from Sent, archived whole', async ({
  signedInPage: page,
  mailbox,
}) => {
  const tag = Date.now().toString(36);
  const subject = uniqueSubject('Field trip');
  const first = await mailbox.append(
    'INBOX',
    raw({
      subject,
      from: 'Kim <kim@school.test>',
      id: `a${tag}`,
      date: 'Mon, 02 Mar 2026 09:00:00 +0000',
      body: 'Bus leaves at 8.',
    }),
    ['\\Seen'],
  );
  await mailbox.append(
    'Sent',
    raw({
      subject: `Re: ${subject}`,
      from: 'Me <me@school.test>',
      id: `m${tag}`,
      inReplyTo: `a${tag}`,
      date: 'Mon, 02 Mar 2026 10:00:00 +0000',
      body: 'We will be there.',
    }),
    ['\\Seen'],
  );
  const reply = await mailbox.append(
    'INBOX',
    raw({
      subject: `Re: ${subject}`,
      from: 'Lee <lee@school.test>',
      id: `b${tag}`,
      inReplyTo: `a${tag}`,
      date: 'Mon, 02 Mar 2026 11:00:00 +0000',
      body: 'Bring lunch, please.',
    }),
  );
  const other = await mailbox.append(
    'INBOX',
    raw({
      subject: uniqueSubject('Menu'),
      from: 'Office <office@school.test>',
      id: `c${tag}`,
      date: 'Mon, 02 Mar 2026 12:00:00 +0000',
      body: 'Soup.',
    }),
    ['\\Seen'],
  );
  await page.reload();
  await turnOnConversations(page);

  const row = conversationRow(page, first);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('conversation-count')).toHaveText('2');
  await expect(row).toHaveClass(/unread/);
  await expect(row).toContainText('Kim, Lee');
  await expect(conversationRow(page, other)).toBeVisible();
  await expect(conversationRow(page, other).getByTestId('conversation-count')).toHaveCount(0);
  await expect(page.locator(`[data-testid="conversation-row"][data-uid="${reply}"]`)).toHaveCount(1);

  // the setting is the user's: a reload keeps it
  await page.reload();
  await expect(page.getByTestId('conversation-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(conversationRow(page, first)).toBeVisible();

  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/conversation/${first}$`));
  const items = page.getByTestId('conversation-message');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toHaveAttribute('data-uid', String(first));
  await expect(items.nth(1)).toHaveAttribute('data-path', 'Sent');
  await expect(items.nth(2)).toHaveAttribute('data-uid', String(reply));
  // read ones collapsed, the unread (and newest) one open
  await expect(items.nth(0)).toHaveAttribute('data-expanded', 'false');
  await expect(items.nth(2)).toHaveAttribute('data-expanded', 'true');
  await expect(items.nth(2).frameLocator('[data-testid="conversation-body"]').locator('body')).toContainText(
    'Bring lunch',
  );
  await items.nth(0).getByRole('button').first().click();
  await expect(items.nth(0)).toHaveAttribute('data-expanded', 'true');

  // opening read it: the whole conversation, on the server
  await expect(row).not.toHaveClass(/unread/);
  await expect.poll(async () => (await mailbox.status('INBOX')).unseen).toBe(0);

  // archive applies to every message of the conversation
  await page.getByTestId('action-archive').click();
  await expect(row).toHaveCount(0);
  await expect.poll(async () => (await mailbox.status('Archive')).messages).toBe(2);
  await expect.poll(async () => (await mailbox.status('INBOX')).messages).toBe(1);
});

async function device(browser: Browser, baseURL: string, proxy: string) {
  const context = await browser.newContext({
    baseURL,
    proxy: { server: proxy, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
  return { context, page: await context.newPage() };
}

test('a reply that arrives joins its conversation on every device', async ({
  browser,
  baseURL,
  offsite,
  user,
  mailbox,
}) => {
  const subject = uniqueSubject('Sports day');
  const first = await mailbox.deliver({ subject, text: 'Sports day is on Saturday.' });
  const laptop = await device(browser, baseURL as string, offsite.url);
  const phone = await device(browser, baseURL as string, offsite.url);
  try {
    await signIn(laptop.page, user);
    await turnOnConversations(laptop.page);
    // the phone signs in afterwards and gets the user's setting from the server
    await signIn(phone.page, user);
    for (const d of [laptop, phone]) {
      await expect(d.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
      await expect(conversationRow(d.page, first)).toBeVisible();
      await expect(conversationRow(d.page, first).getByTestId('conversation-count')).toHaveCount(0);
    }
    // the laptop has the conversation open
    await conversationRow(laptop.page, first).getByRole('link').click();
    await expect(laptop.page.getByTestId('conversation-message')).toHaveCount(1);

    await mailbox.deliver({ subject: `Re: ${subject}`, text: 'Can parents come too?' });
    for (const d of [laptop, phone]) {
      await expect(conversationRow(d.page, first).getByTestId('conversation-count')).toHaveText('2');
    }
    await expect(phone.page.getByTestId('conversation-row')).toHaveCount(1);
    await expect(laptop.page.getByTestId('conversation-message')).toHaveCount(2);
  } finally {
    await laptop.context.close();
    await phone.context.close();
  }
});
