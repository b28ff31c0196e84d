import { expect, test, uniqueSubject } from '../fixtures.ts';

declare global {
  interface Window {
    __xss?: number;
  }
}

// The print view of a whole conversation (decision 038): every message with its own headers on one page; one
// message's CSS can hide neither its own headers nor another message; no script runs; nothing remote loads.
const mime = (o: {
  subject: string;
  from: string;
  id: string;
  date: string;
  inReplyTo?: string;
  type: string;
  body: string;
}) =>
  [
    `From: ${o.from}`,
    'To: student@school.test',
    `Subject: =?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=`,
    `Date: ${o.date}`,
    `Message-ID: <${o.id}@school.test>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}@school.test>`, `References: <${o.inReplyTo}@school.test>`] : []),
    'MIME-Version: 1.0',
    `Content-Type: ${o.type}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    o.body,
    '',
  ].join('\r\n');

test('action-print-conversation prints every message with its headers, which no message’s CSS can hide', async ({
  signedInPage: page,
  mailbox,
  offsite,
}) => {
  const tag = Date.now().toString(36);
  const subject = uniqueSubject('소풍 인쇄');
  const first = await mailbox.append(
    'INBOX',
    mime({
      subject,
      from: '김선생 <kim@school.test>',
      id: `p${tag}`,
      date: 'Mon, 02 Mar 2026 09:00:00 +0000',
      type: 'text/html',
      // tries to hide every header block and every other message on the page, and to run a script
      body: `<style>[data-testid="print-head"],[data-testid="print-message"],article,h1,dl,pre,p{display:none!important}</style>
<div id="probe">first-message body</div><script>window.__xss=1</script><img src=x onerror="window.__xss=2">
<img src="http://198.51.100.7/pixel.gif">`,
    }),
    ['\\Seen'],
  );
  await mailbox.append(
    'Sent',
    mime({
      subject: `Re: ${subject}`,
      from: 'Me <me@school.test>',
      id: `q${tag}`,
      inReplyTo: `p${tag}`,
      date: 'Mon, 02 Mar 2026 10:00:00 +0000',
      type: 'text/plain',
      body: 'second-message reply text',
    }),
    ['\\Seen'],
  );
  await page.goto(`/mail/INBOX/conversation/${first}`);
  await expect(page.getByTestId('conversation-message')).toHaveCount(2);

  const [print] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId('action-print-conversation').click(),
  ]);
  await print.waitForLoadState('load');
  await expect(print).toHaveTitle(subject);
  await expect(print.getByTestId('print-conversation-count')).toHaveText('A conversation of 2 messages, oldest first');
  const messages = print.getByTestId('print-message');
  await expect(messages).toHaveCount(2);
  // each message keeps its own headers in view, in order, and the first one's CSS does not reach the second
  await expect(messages.nth(0).getByTestId('print-subject')).toBeVisible();
  await expect(messages.nth(0).getByTestId('print-from')).toHaveText('김선생 <kim@school.test>');
  await expect(messages.nth(0).getByTestId('print-body')).toContainText('first-message body');
  await expect(messages.nth(1).getByTestId('print-subject')).toHaveText(`Re: ${subject}`);
  await expect(messages.nth(1).getByTestId('print-from')).toBeVisible();
  await expect(messages.nth(1).getByTestId('print-body')).toBeVisible();
  await expect(messages.nth(1).getByText('second-message reply text')).toBeVisible();
  expect(await print.evaluate(() => window.__xss)).toBeUndefined();

  await expect(print.getByTestId('print-hint')).toBeVisible();
  await print.emulateMedia({ media: 'print' });
  await expect(print.getByTestId('print-hint')).toBeHidden();
  await expect(messages.nth(1).getByTestId('print-subject')).toBeVisible();
  expect(offsite.requests, 'requests to remote hosts').toEqual([]);
});
