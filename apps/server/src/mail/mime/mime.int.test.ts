// The difficult-MIME corpus delivered to a real mailbox and read through the API (reader detail, body, downloads).
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type MessageDetail } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, createUser, imapClient, type MailUser } from '../../features/message/test-mail.ts';
import { corpus, corpusSource } from './fixtures/corpus.ts';

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const uids = new Map<string, number>();

beforeAll(async () => {
  user = await createUser('t-mime');
  imap = await imapClient(user);
  for (const c of corpus) uids.set(c.file, await appendMessage(imap, 'INBOX', corpusSource(c.file)));
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

describe('difficult MIME through the reader API', () => {
  it.each(corpus.map((c) => [c.file, c] as const))('%s', async (file, c) => {
    const uid = uids.get(file)!;
    const res = await get(apiRoutes.message(accountId, 'INBOX', uid));
    expect(res.statusCode).toBe(200);
    const detail = res.json<MessageDetail>();
    expect(detail.subject).toBe(c.subject);
    expect({ from: detail.from, fromIsAddress: detail.fromIsAddress }).toEqual({
      from: c.from,
      fromIsAddress: c.fromIsAddress,
    });
    expect(detail.text).toContain(c.text);
    expect(detail.attachments.map((a) => a.filename)).toEqual(c.attachments.map((a) => a.filename));
    for (const m of c.attachedMessages ?? []) {
      const a = detail.attachments.find((x) => x.filename === m.filename);
      expect(a?.message).toEqual({ from: m.from, subject: m.subject, date: m.date });
    }

    const body = await get(apiRoutes.messageBody(accountId, 'INBOX', uid));
    expect(body.statusCode).toBe(200);
    expect(body.body).toContain(c.text.replace(/&/g, '&amp;'));

    for (const [i, want] of c.attachments.entries()) {
      const download = await get(apiRoutes.attachment(accountId, 'INBOX', uid, detail.attachments[i]!.id));
      expect(download.statusCode).toBe(200);
      if (want.size !== undefined) expect(download.rawPayload.length).toBe(want.size);
    }
  });

  it('lists the From of the spoofing cases as text in the message list too', async () => {
    const res = await get(`${apiRoutes.messages(accountId, 'INBOX')}?limit=50`);
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ messages: MessageDetail[] }>().messages;
    const row = (file: string) => rows.find((r) => r.uid === uids.get(file));
    expect(row('spoof-quoted-address.eml')).toMatchObject({ fromIsAddress: false, from: { address: '' } });
    expect(row('from-one-encoded-word.eml')).toMatchObject({
      fromIsAddress: false,
      from: { name: '홍길동 <hong@example.kr>', address: '' },
    });
    // Dovecot calls the part us-ascii; its 8-bit EUC-KR bytes still preview as Korean
    expect(row('undeclared-euc-kr.eml')?.preview).toContain('학부모님께 알려드립니다.');
    expect(row('iso-2022-kr.eml')).toMatchObject({ subject: '현장학습 안내', from: { name: '행정실' } });
    expect(row('iso-2022-kr.eml')?.preview).toContain('다음 주 현장학습이 있습니다.');
    // imapflow's ENVELOPE leaves UTF-7 words undecoded; the row reads them from the raw Subject and From
    expect(row('utf7-subject.eml')?.subject).toBe('학교 소식 update');
    expect(row('utf7-subject.eml')).toMatchObject({
      fromIsAddress: true,
      from: { name: '교장', address: 'utf7@example.com' },
    });
    expect(row('utf7-body.eml')?.subject).toBe('가정통신문 안내');
    expect(row('utf7-body.eml')?.preview).toContain('가정통신문이 도착했습니다.');
    expect(row('outlook-ks-c-5601.eml')).toMatchObject({
      fromIsAddress: true,
      from: { name: '김선생', address: 'kim@school.kr' },
    });
  });
});
