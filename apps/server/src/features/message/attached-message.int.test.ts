import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ErrorBody, type MessageDetail } from '@pigeon/shared';
import { buildTestApp, testConfig, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, createUser, imapClient, type MailUser } from './test-mail.ts';

// An attached message (message/rfc822) opened inside the reader: its own document, sanitized like any body.
const inner = [
  'From: =?UTF-8?B?7ZmN6ri464+Z?= <hong@school.test>',
  'Subject: Inner news',
  'Date: Tue, 03 Mar 2026 09:15:00 +0900',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Inner <b>body</b> 안녕</p><script>window.__pigeon_xss=1</script><img src="https://tracker.example/p.gif" onerror="x()">',
].join('\r\n');
const outer = (innerPart: string) =>
  [
    'From: a@school.test',
    'To: b@school.test',
    'Subject: Fwd: inner',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the attached message.',
    '--b1',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment',
    '',
    innerPart,
    '--b1--',
    '',
  ].join('\r\n');

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
let uid: number;

beforeAll(async () => {
  user = await createUser('t-attached');
  imap = await imapClient(user);
  t = await buildTestApp({ reading: { ...testConfig().reading, displayMaxBytes: 64 * 1024 } });
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  uid = await appendMessage(imap, 'INBOX', Buffer.from(outer(inner)));
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

describe('attached messages', () => {
  it('serves an attached message as its own sanitized document under the body CSP', async () => {
    const detail = (await get(apiRoutes.message(accountId, 'INBOX', uid))).json<MessageDetail>();
    const attached = detail.attachments.find((a) => a.message);
    expect(attached?.message).toMatchObject({ subject: 'Inner news', from: '홍길동 <hong@school.test>' });
    const res = await get(apiRoutes.attachedMessage(accountId, 'INBOX', uid, attached!.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain('sandbox allow-popups');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.body).toContain('<b>body</b> 안녕');
    expect(res.body).not.toMatch(/<script|onerror|tracker\.example/i);
  });

  it('answers 404 for a part that is not an attached message, and 413 past the display bound', async () => {
    const plain = await get(apiRoutes.attachedMessage(accountId, 'INBOX', uid, '1'));
    expect(plain.statusCode).toBe(404);
    expect(plain.json<ErrorBody>().error.code).toBe('message.attachment_not_found');
    const big = await appendMessage(imap, 'INBOX', Buffer.from(outer(`${inner}\r\n<p>${'x'.repeat(100 * 1024)}</p>`)));
    const detail = (await get(apiRoutes.message(accountId, 'INBOX', big))).json<MessageDetail>();
    const attached = detail.attachments.find((a) => a.message)!;
    const res = await get(apiRoutes.attachedMessage(accountId, 'INBOX', big, attached.id));
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('message.attached_too_large');
  });
});
