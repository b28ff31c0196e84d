import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ErrorBody } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { bodyCsp } from './message.routes.ts';
import { appendMessage, buildMessage, createUser, flagsOf, imapClient, type MailUser } from './test-mail.ts';

// The print view (decision 032): headers and the sanitized body in one page, under the reader frame's CSP.
let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
let htmlUid: number;
let textUid: number;

beforeAll(async () => {
  user = await createUser('t-print');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await imap.mailboxCreate('Print');
  htmlUid = await appendMessage(
    imap,
    'Print',
    await buildMessage({
      subject: '학교 <script>alert(1)</script> 안내',
      from: '김선생 <kim@school.test>',
      to: user.email,
      cc: 'Lee <lee@school.test>',
      date: new Date('2026-03-02T01:30:00Z'),
      html: '<h1>안녕하세요</h1><p onclick="x()">Trip</p><script>window.x=1</script><img src="http://127.0.0.1:1/p.gif"><iframe src="https://e.test"></iframe>',
      attachments: [{ filename: '가정통신문.pdf', content: Buffer.alloc(3000, 1), contentType: 'application/pdf' }],
    }),
  );
  textUid = await appendMessage(imap, 'Print', await buildMessage({ subject: 'Plain', text: 'a <b>not bold</b> & b' }));
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

describe('print view', () => {
  it('prints the headers escaped and the body sanitized, with the reader frame’s CSP and no script', async () => {
    const res = await get(apiRoutes.print(accountId, 'Print', htmlUid, { lang: 'ko', tz: 'Asia/Seoul' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(bodyCsp(false, { modals: true }));
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('allow-scripts');
    expect(res.headers['content-security-policy']).not.toContain('allow-same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const page = res.body;
    expect(page).toContain('학교 &#60;script&#62;alert(1)&#60;/script&#62; 안내');
    expect(page).not.toMatch(/<script|onclick|<iframe/i);
    expect(page).toContain('<h1>안녕하세요</h1>');
    expect(page).not.toContain('127.0.0.1:1'); // remote content blocked
    expect(page).toContain('<dt>보낸 사람</dt><dd data-testid="print-from">김선생 &#60;kim@school.test&#62;</dd>');
    expect(page).toContain('Lee &#60;lee@school.test&#62;');
    expect(page).toMatch(/2026년 3월 2일 월요일 .*10:30|2026년 3월 2일 월요일 .*10시 30분/);
    expect(page).toContain('가정통신문.pdf');
  });

  it('includes remote content only when asked, and says so in the CSP', async () => {
    const res = await get(apiRoutes.print(accountId, 'Print', htmlUid, { remote: true }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain('img-src data: http: https:');
    expect(res.body).toContain('src="http://127.0.0.1:1/p.gif"');
    expect(res.body).toContain('<dt>From</dt>');
  });

  it('prints a plain-text message as escaped text', async () => {
    const res = await get(apiRoutes.print(accountId, 'Print', textUid));
    expect(res.body).toContain('<div data-testid="print-body"><pre>a &#60;b&#62;not bold&#60;/b&#62; &#38; b');
  });

  it('changes nothing on the server (the message stays unread)', async () => {
    await get(apiRoutes.print(accountId, 'Print', htmlUid));
    expect(await flagsOf(imap, 'Print', htmlUid)).not.toContain('\\Seen');
  });

  it('answers message.not_found for a missing message and 400 for a language it does not have', async () => {
    const missing = await get(apiRoutes.print(accountId, 'Print', 999_999));
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>().error.code).toBe('message.not_found');
    const bad = await get(apiRoutes.print(accountId, 'Print', htmlUid, { lang: 'xx' }));
    expect(bad.statusCode).toBe(400);
    const badZone = await get(apiRoutes.print(accountId, 'Print', htmlUid, { tz: '../../etc' }));
    expect(badZone.statusCode).toBe(400);
  });
});
