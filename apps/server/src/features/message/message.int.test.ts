import iconv from 'iconv-lite';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ErrorBody, type MessageDetail, type MessagePage } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, buildMessage, createUser, flagsOf, imapClient, type MailUser } from './test-mail.ts';

const eucKrSubject = (s: string) => `=?EUC-KR?B?${iconv.encode(s, 'euc-kr').toString('base64')}?=`;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  user = await createUser('t-msg');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

describe('reading messages', () => {
  let htmlUid: number;
  let textUid: number;
  let eucUid: number;
  let attUid: number;

  beforeAll(async () => {
    await imap.mailboxCreate('Reading');
    htmlUid = await appendMessage(
      imap,
      'Reading',
      await buildMessage({
        subject: '현장학습 안내 🚌',
        from: '김선생 <kim@school.test>',
        to: user.email,
        html: '<h1>안녕하세요</h1><p onclick="x()">Trip on <b>Friday</b></p><script>window.__maillab_xss=1</script><img src="x" onerror="window.__maillab_xss=1"><img src="http://127.0.0.1:1/pixel.gif"><img src="cid:logo@pigeon"><a href="javascript:alert(1)">bad</a><a href="https://school.test/">site</a><iframe src="https://e.test"></iframe><form action="https://e.test"><input name=p></form>',
        attachments: [
          {
            filename: 'logo.png',
            cid: 'logo@pigeon',
            content: Buffer.from('89504e470d0a1a0a', 'hex'),
            contentType: 'image/png',
          },
        ],
      }),
    );
    textUid = await appendMessage(
      imap,
      'Reading',
      await buildMessage({ subject: 'Plain <text>', text: 'Line 1 <b>not bold</b>\nLine 2 & more' }),
    );
    const euc = Buffer.concat([
      Buffer.from(
        `From: ${eucKrSubject('홍길동')} <hong@example.kr>\r\nTo: ${user.email}\r\nSubject: ${eucKrSubject('가정통신문 안내')}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
      ),
      Buffer.from(
        iconv.encode('학부모님께 알려드립니다. 다음 주 현장학습이 있습니다.', 'euc-kr').toString('base64') + '\r\n',
      ),
    ]);
    eucUid = await appendMessage(imap, 'Reading', euc);
    attUid = await appendMessage(
      imap,
      'Reading',
      await buildMessage({
        subject: '첨부 파일',
        text: '보고서를 첨부합니다.',
        attachments: [{ filename: '가정통신문 3월.pdf', content: PDF, contentType: 'application/pdf' }],
      }),
    );
  });

  it('lists rows with decoded Korean subjects (UTF-8 and EUC-KR), senders, previews and attachment markers', async () => {
    const res = await get(apiRoutes.messages(accountId, 'Reading'));
    expect(res.statusCode).toBe(200);
    const page = res.json<MessagePage>();
    expect(page.messages.map((m) => m.uid)).toEqual([attUid, eucUid, textUid, htmlUid]);
    expect(page).toMatchObject({ total: 4, unread: 4, nextBefore: null });
    const [att, euc, text, html] = page.messages;
    expect(euc).toMatchObject({
      subject: '가정통신문 안내',
      from: { name: '홍길동', address: 'hong@example.kr' },
      preview: '학부모님께 알려드립니다. 다음 주 현장학습이 있습니다.',
      hasAttachments: false,
    });
    expect(html).toMatchObject({
      subject: '현장학습 안내 🚌',
      from: { name: '김선생', address: 'kim@school.test' },
      preview: '안녕하세요 Trip on Friday badsite',
      hasAttachments: true,
    });
    expect(text?.preview).toBe('Line 1 <b>not bold</b> Line 2 & more');
    expect(att).toMatchObject({ subject: '첨부 파일', preview: '보고서를 첨부합니다.', hasAttachments: true });
    expect(att?.flags).toEqual({ seen: false, flagged: false, answered: false, draft: false });
  });

  it('opens an HTML message: detail, and the GET leaves it unread on the server', async () => {
    const res = await get(apiRoutes.message(accountId, 'Reading', htmlUid));
    expect(res.statusCode).toBe(200);
    const detail = res.json<MessageDetail>();
    expect(detail).toMatchObject({ uid: htmlUid, subject: '현장학습 안내 🚌', hasHtml: true, hasRemoteContent: true });
    expect(detail.flags.seen).toBe(false);
    expect(detail.text).toContain('Trip on Friday');
    expect(detail.attachments).toEqual([
      // ids are IMAP part numbers: a download reads that part alone
      { id: '2', filename: 'logo.png', contentType: 'image/png', size: 8, inline: true },
    ]);
    expect(await flagsOf(imap, 'Reading', htmlUid)).not.toContain('\\Seen');
    expect((await get(apiRoutes.messageBody(accountId, 'Reading', htmlUid))).statusCode).toBe(200);
    expect(await flagsOf(imap, 'Reading', htmlUid)).not.toContain('\\Seen');
    // the reader marks it read with a POST once the body is on screen
    const read = await t.app.inject({
      method: 'POST',
      url: apiRoutes.actions(accountId, 'Reading'),
      headers,
      payload: { action: 'markRead', uids: [htmlUid] },
    });
    expect(read.statusCode).toBe(200);
    expect(await flagsOf(imap, 'Reading', htmlUid)).toContain('\\Seen');
  });

  it('serves the HTML body sanitized, with cid: inlined, remote content blocked and a strict CSP', async () => {
    const res = await get(apiRoutes.messageBody(accountId, 'Reading', htmlUid));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox allow-popups allow-popups-to-escape-sandbox; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const body = res.body;
    expect(body).toContain('<h1>안녕하세요</h1>');
    expect(body).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<form|<input/i);
    expect(body).not.toContain('127.0.0.1:1');
    expect(body).toContain(`src="data:image/png;base64,${Buffer.from('89504e470d0a1a0a', 'hex').toString('base64')}"`);
    expect(body).toContain('<a href="https://school.test/" target="_blank" rel="noopener noreferrer">site</a>');
  });

  it('keeps remote images when asked, with a CSP that allows them (still no script)', async () => {
    const res = await get(apiRoutes.messageBody(accountId, 'Reading', htmlUid, true));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain('img-src data: http: https:');
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    expect(res.body).toContain('src="http://127.0.0.1:1/pixel.gif"');
    expect(res.body).not.toMatch(/<script|onerror/i);
  });

  it('shows a plain-text message escaped in <pre>', async () => {
    const detail = (await get(apiRoutes.message(accountId, 'Reading', textUid))).json<MessageDetail>();
    expect(detail).toMatchObject({ hasHtml: false, hasRemoteContent: false, subject: 'Plain <text>' });
    expect(detail.text).toContain('Line 2 & more');
    const body = (await get(apiRoutes.messageBody(accountId, 'Reading', textUid))).body;
    expect(body).toContain('<pre>Line 1 &#60;b&#62;not bold&#60;/b&#62;\nLine 2 &#38; more');
  });

  it('decodes an EUC-KR message', async () => {
    const detail = (await get(apiRoutes.message(accountId, 'Reading', eucUid))).json<MessageDetail>();
    expect(detail.subject).toBe('가정통신문 안내');
    expect(detail.text.trim()).toBe('학부모님께 알려드립니다. 다음 주 현장학습이 있습니다.');
  });

  it('downloads an attachment byte for byte with its Korean file name', async () => {
    const detail = (await get(apiRoutes.message(accountId, 'Reading', attUid))).json<MessageDetail>();
    expect(detail.attachments).toEqual([
      { id: '2', filename: '가정통신문 3월.pdf', contentType: 'application/pdf', size: PDF.length, inline: false },
    ]);
    const res = await get(apiRoutes.attachment(accountId, 'Reading', attUid, '2'));
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_____ 3_.pdf"; filename*=UTF-8''${encodeURIComponent('가정통신문 3월.pdf').replace(/%20/g, '%20')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('answers 404 for a missing attachment and a missing message', async () => {
    const att = await get(apiRoutes.attachment(accountId, 'Reading', attUid, '7'));
    expect(att.statusCode).toBe(404);
    expect(att.json<ErrorBody>().error.code).toBe('message.attachment_not_found');
    for (const url of [
      apiRoutes.message(accountId, 'Reading', 999_999),
      apiRoutes.messageBody(accountId, 'Reading', 999_999),
      apiRoutes.raw(accountId, 'Reading', 999_999),
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ErrorBody>().error.code).toBe('message.not_found');
    }
  });

  it('gives the source as .eml, or as text to view', async () => {
    const dl = await get(apiRoutes.raw(accountId, 'Reading', textUid));
    expect(dl.headers['content-type']).toBe('message/rfc822');
    expect(dl.headers['content-disposition']).toBe('attachment; filename="Plain text.eml"');
    expect(dl.body).toContain('Subject: Plain <text>');
    const view = await get(apiRoutes.raw(accountId, 'Reading', textUid, true));
    expect(view.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(view.headers['content-disposition']).toBe('inline');
    expect(view.body).toBe(dl.body);
  });
});

describe('paging', () => {
  const N = 120;
  let uids: number[];

  beforeAll(async () => {
    await imap.mailboxCreate('Paging');
    uids = [];
    for (let i = 1; i <= N; i++)
      uids.push(await appendMessage(imap, 'Paging', `Subject: m${i}\r\nFrom: a@school.test\r\n\r\nbody ${i}\r\n`));
  });

  const page = async (before?: number) => {
    const res = await get(`${apiRoutes.messages(accountId, 'Paging')}${before ? `?before=${before}` : ''}`);
    expect(res.statusCode).toBe(200);
    return res.json<MessagePage>();
  };

  it('pages newest first by UID; new mail and an expunge between pages cause no duplicates and no gaps', async () => {
    const p1 = await page();
    expect(p1.messages).toHaveLength(50);
    expect(p1.messages.map((m) => m.uid)).toEqual(uids.slice(-50).reverse());
    expect(p1.nextBefore).toBe(uids[N - 50]);
    expect(p1.messages[0]).toMatchObject({ subject: `m${N}`, preview: `body ${N}` });

    // new mail arrives and an older message disappears while the user looks at page 1
    const fresh = [
      await appendMessage(imap, 'Paging', 'Subject: new 1\r\n\r\nx\r\n'),
      await appendMessage(imap, 'Paging', 'Subject: new 2\r\n\r\nx\r\n'),
    ];
    const gone = uids[30] as number;
    const lock = await imap.getMailboxLock('Paging');
    try {
      await imap.messageDelete(String(gone), { uid: true });
    } finally {
      lock.release();
    }

    const p2 = await page(p1.nextBefore ?? undefined);
    const p3 = await page(p2.nextBefore ?? undefined);
    expect(p3.nextBefore).toBeNull();
    const seen = [...p1.messages, ...p2.messages, ...p3.messages].map((m) => m.uid);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(uids.filter((u) => u !== gone).reverse());
    expect(seen).not.toContain(fresh[0]);
    expect(p2.messages).toHaveLength(50);
    expect(p2.total).toBe(N + 1);

    const again = await page();
    expect(again.messages.slice(0, 2).map((m) => m.uid)).toEqual([...fresh].reverse());
  });

  it('honours limit and answers an empty last page', async () => {
    const small = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.messages(accountId, 'Paging')}?before=${uids[5]}&limit=3`,
      headers,
    });
    expect(small.json<MessagePage>().messages.map((m) => m.uid)).toEqual([uids[4], uids[3], uids[2]]);
    const empty = await page(uids[0]);
    expect(empty).toMatchObject({ messages: [], nextBefore: null });
  });
});

describe('actions', () => {
  const uidsOf = async (folder: string, subject: string) => {
    const lock = await imap.getMailboxLock(folder);
    try {
      await imap.noop();
      const found = await imap.search({ subject }, { uid: true });
      return Array.isArray(found) ? found : [];
    } finally {
      lock.release();
    }
  };
  const act = (folder: string, payload: object) =>
    t.app.inject({ method: 'POST', url: apiRoutes.actions(accountId, folder), headers, payload });

  it('marks read/unread and stars/unstars on the server', async () => {
    const uid = await appendMessage(imap, 'INBOX', 'Subject: flags\r\n\r\nx\r\n');
    const steps: [string, string[]][] = [
      ['markRead', ['\\Seen']],
      ['star', ['\\Flagged', '\\Seen']],
      ['markUnread', ['\\Flagged']],
      ['unstar', []],
    ];
    for (const [action, flags] of steps) {
      const res = await act('INBOX', { action, uids: [uid] });
      expect(res.statusCode, action).toBe(200);
      expect(res.json()).toEqual({ action, uids: [uid], destination: null, expunged: false });
      expect(await flagsOf(imap, 'INBOX', uid)).toEqual(flags);
    }
  });

  it('deletes to Trash, then expunges exactly those messages inside Trash', async () => {
    const uid = await appendMessage(imap, 'INBOX', 'Subject: to-trash\r\n\r\nx\r\n');
    const res = await act('INBOX', { action: 'delete', uids: [uid] });
    expect(res.json()).toEqual({ action: 'delete', uids: [uid], destination: 'Trash', expunged: false });
    expect(await uidsOf('INBOX', 'to-trash')).toEqual([]);
    const inTrash = await uidsOf('Trash', 'to-trash');
    expect(inTrash).toHaveLength(1);

    const keep = await appendMessage(imap, 'Trash', 'Subject: keep-in-trash\r\n\r\nx\r\n', ['\\Deleted']);
    const res2 = await act('Trash', { action: 'delete', uids: inTrash });
    expect(res2.json()).toEqual({ action: 'delete', uids: inTrash, destination: null, expunged: true });
    expect(await uidsOf('Trash', 'to-trash')).toEqual([]);
    expect(await uidsOf('Trash', 'keep-in-trash')).toEqual([keep]);
  });

  it('archives to Archive and moves to a chosen folder', async () => {
    await imap.mailboxCreate('Projects');
    const a = await appendMessage(imap, 'INBOX', 'Subject: to-archive\r\n\r\nx\r\n');
    const m = await appendMessage(imap, 'INBOX', 'Subject: to-projects\r\n\r\nx\r\n');
    expect((await act('INBOX', { action: 'archive', uids: [a] })).json()).toMatchObject({ destination: 'Archive' });
    expect(await uidsOf('Archive', 'to-archive')).toHaveLength(1);
    expect((await act('INBOX', { action: 'move', uids: [m], target: 'Projects' })).json()).toMatchObject({
      destination: 'Projects',
    });
    expect(await uidsOf('Projects', 'to-projects')).toHaveLength(1);
    expect(await uidsOf('INBOX', 'to-')).toEqual([]);
  });

  it('rejects a move without target (400) or to a folder that does not exist (404)', async () => {
    const uid = await appendMessage(imap, 'INBOX', 'Subject: stays\r\n\r\nx\r\n');
    const noTarget = await act('INBOX', { action: 'move', uids: [uid] });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json<ErrorBody>().error.code).toBe('message.invalid_action');
    const missing = await act('INBOX', { action: 'move', uids: [uid], target: 'Nowhere' });
    expect(missing.statusCode, missing.body).toBe(404);
    expect(missing.json<ErrorBody>().error.code).toBe('mailbox.not_found');
    expect(await uidsOf('INBOX', 'stays')).toEqual([uid]);
  });
});

describe("where a reading answer's time went (SERVER_TIMING)", () => {
  it('on: the detail and the body answer name the time before the handler and the mail work; off (default): nothing', async () => {
    const uid = await appendMessage(imap, 'INBOX', await buildMessage({ subject: 'timed', text: 'timed body' }));
    const timed = await buildTestApp({ serverTiming: true });
    try {
      const session = await signIn(timed.app, user.email, user.password);
      for (const url of [
        apiRoutes.message(session.accountId, 'INBOX', uid),
        apiRoutes.messageBody(session.accountId, 'INBOX', uid),
      ]) {
        const res = await timed.app.inject({ method: 'GET', url, headers: session.headers });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['server-timing']).toMatch(/^pre;dur=\d+\.\d, mail;dur=\d+\.\d$/);
      }
    } finally {
      await timed.close();
    }
    for (const url of [apiRoutes.message(accountId, 'INBOX', uid), apiRoutes.messageBody(accountId, 'INBOX', uid)]) {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['server-timing']).toBeUndefined();
    }
  });
});
