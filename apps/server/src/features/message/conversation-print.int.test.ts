import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ErrorBody } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { bodyCsp } from './message.routes.ts';
import { appendMessage, buildMessage, createUser, flagsOf, imapClient, type MailUser } from './test-mail.ts';

// The print view of a whole conversation (decision 038): every message, the user's replies from Sent too, oldest
// first, each in its own shadow root, under the reader frame's CSP.
let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const BOX = 'PrintTalks';
const uid: Record<string, number> = {};

beforeAll(async () => {
  user = await createUser('t-print-conv');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await imap.mailboxCreate(BOX);
  await imap.mailboxCreate('Sent').catch(() => undefined);
  const mail = async (name: string, box: string, over: Parameters<typeof buildMessage>[0], flags: string[] = []) => {
    uid[name] = await appendMessage(imap, box, await buildMessage(over), flags);
  };
  await mail('ask', BOX, {
    subject: '소풍 <b>안내</b>',
    from: '김선생 <kim@school.test>',
    to: user.email,
    date: new Date('2026-03-02T01:30:00Z'),
    messageId: '<ask@school.test>',
    html: '<style>p{display:none!important}</style><p>소풍은 금요일</p><script>window.x=1</script><img src="http://127.0.0.1:1/p.gif">',
  });
  await mail(
    'mine',
    'Sent',
    {
      subject: 'Re: 소풍 <b>안내</b>',
      from: user.email,
      to: 'kim@school.test',
      date: new Date('2026-03-03T01:30:00Z'),
      messageId: '<mine@school.test>',
      inReplyTo: '<ask@school.test>',
      text: 'We will come <b>early</b>.',
    },
    ['\\Seen'],
  );
  await mail('again', BOX, {
    subject: 'Re: 소풍 <b>안내</b>',
    from: '김선생 <kim@school.test>',
    to: user.email,
    date: new Date('2026-03-04T01:30:00Z'),
    messageId: '<again@school.test>',
    inReplyTo: '<mine@school.test>',
    text: 'Thank you.',
  });
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

describe('conversation print view', () => {
  it('prints every message oldest first with the reply from Sent, headers escaped, bodies sanitized, under the body CSP', async () => {
    const res = await get(apiRoutes.conversationPrint(accountId, BOX, uid.ask!, { lang: 'ko', tz: 'Asia/Seoul' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(bodyCsp(false, { modals: true }));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const page = res.body;
    expect(page.match(/data-testid="print-message"/g)).toHaveLength(3);
    expect(page).toContain('메시지 3개의 대화, 오래된 순');
    const order = ['소풍은 금요일', 'We will come &#60;b&#62;early&#60;/b&#62;.', 'Thank you.'].map((s) =>
      page.indexOf(s),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('<title>소풍 &#60;b&#62;안내&#60;/b&#62;</title>');
    expect(page).not.toMatch(/<script|window\.x/i);
    expect(page).not.toContain('127.0.0.1:1'); // remote content blocked
    expect(page).toMatch(/2026년 3월 2일 월요일 .*10:30|2026년 3월 2일 월요일 .*10시 30분/);
    // the hostile CSS stays inside its own message's shadow root
    const articles = [...page.matchAll(/data-testid="print-message"/g)].map((m) => m.index);
    const css = page.indexOf('p{display:none');
    expect(css).toBeGreaterThan(articles[0]!);
    expect(css).toBeLessThan(articles[1]!);
  });

  it('includes remote content only when asked, and changes nothing: the unread messages stay unread', async () => {
    const res = await get(apiRoutes.conversationPrint(accountId, BOX, uid.ask!, { remote: true }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain('img-src data: http: https:');
    expect(res.body).toContain('src="http://127.0.0.1:1/p.gif"');
    expect(await flagsOf(imap, BOX, uid.ask!)).not.toContain('\\Seen');
    expect(await flagsOf(imap, BOX, uid.again!)).not.toContain('\\Seen');
  });

  it('answers conversation.not_found for an id that is no conversation, and 400 for a bad language', async () => {
    const gone = await get(apiRoutes.conversationPrint(accountId, BOX, 999_999));
    expect(gone.statusCode).toBe(404);
    expect(gone.json<ErrorBody>().error.code).toBe('conversation.not_found');
    const bad = await get(apiRoutes.conversationPrint(accountId, BOX, uid.ask!).replace('lang=en', 'lang=fr'));
    expect(bad.statusCode).toBe(400);
  });
});
