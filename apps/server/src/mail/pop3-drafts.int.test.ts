// A POP3 account's drafts, Sent copy and reply prefill through its MailStore (decision 033): the same methods the
// drafts, compose and outbox features call on an IMAP account, over Pigeon's own store in a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessage, createUser } from '@pigeon/mail-fixture';
import { openDatabase, type Database } from '../core/db/database.ts';
import { isAppError } from '../core/app-error.ts';
import { MessageReader } from './reading/message-reader.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, pop3StoreFor } from '../../test/pop3-helpers.ts';
import { testConfig } from '../../test/test-app.ts';
import { DRAFT_ID_HEADER } from './mail-store.ts';

let db: Database;
let reader: MessageReader;

beforeAll(async () => {
  db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });
  reader = new MessageReader(testConfig().reading);
});
afterAll(async () => {
  await reader?.close();
  await db?.close();
});

const draft = (draftId: string, subject: string) =>
  Buffer.from(
    [
      'From: Draft Writer <writer@school.test>',
      'To: kim@school.test',
      `Subject: ${subject}`,
      `Message-ID: <draft.${subject.length}.${Date.now()}@school.test>`,
      `${DRAFT_ID_HEADER}: ${draftId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `초안 ${subject}`,
      '',
    ].join('\r\n'),
  );

async function pop3Store(prefix: string) {
  const user = await createUser(prefix);
  await appendMessage(
    user,
    'INBOX',
    [
      'From: Kim Minji <minji@school.test>',
      `To: ${user.email}`,
      'Subject: 숙제 질문',
      `Message-ID: <${prefix}-1@school.test>`,
      'Date: Mon, 07 Dec 2026 01:00:00 +0000',
      '',
      'Can you help?',
      '',
    ].join('\r\n'),
  );
  const accountId = await pop3AccountFor(db.prisma, user);
  await checkPop3Account(accountId, fetcherFor(db.prisma, user));
  const events: { event: string; payload: Record<string, unknown> }[] = [];
  const store = pop3StoreFor(db.prisma, reader, accountId, (event, payload) =>
    events.push({ event, payload: payload as Record<string, unknown> }),
  );
  return { store, events };
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: unknown) => (isAppError(err) ? err.code : String(err)),
  );

describe('Pop3MailStore: drafts, Sent and prefill', () => {
  it('saves a draft in the local Drafts, replaces its copy on the next save, reopens it and deletes every copy', async () => {
    const { store, events } = await pop3Store('p3d-drafts');
    const id = '3f0c1a52-8d7e-4b1a-9f3e-1c2d3e4f5a6b';
    const first = await store.saveDraft(id, draft(id, 'first'));
    expect(first.path).toBe(await store.roleFolder('drafts'));
    const second = await store.saveDraft(id, draft(id, 'second'));
    expect(second.path).toBe(first.path);
    expect(second.uid).not.toBe(first.uid);
    // one copy only: the older one went when the new one was in
    const page = await store.page(first.path, {});
    expect(page.messages.map((m) => m.subject)).toEqual(['second']);
    expect(page.messages[0]!.flags).toMatchObject({ draft: true, seen: true });
    expect(events.some((e) => e.event === 'message.removed' && e.payload.path === first.path)).toBe(true);

    const editable = await store.editable(first.path, second.uid!, 1024 * 1024);
    expect(editable.headers.subject).toBe('second');
    expect(editable.headers.draftId).toBe(id);
    expect(editable.text).toContain('초안 second');
    expect(await codeOf(store.editable(first.path, second.uid!, 10))).toBe('message.attachment_too_large');
    expect(await codeOf(store.editable(first.path, 999, 1024))).toBe('message.not_found');

    expect(await store.deleteDraft(id)).toBe(1);
    expect((await store.page(first.path, {})).messages).toEqual([]);
    expect(await store.deleteDraft(id)).toBe(0);
  });

  it('files a sent copy in the local Sent, finds it by Message-ID, and flags the answered original', async () => {
    const { store, events } = await pop3Store('p3d-sent');
    const sentPath = await store.roleFolder('sent');
    expect(sentPath).toBe('Sent');
    const raw = Buffer.from(
      'From: me@school.test\r\nTo: kim@school.test\r\nSubject: Re: 숙제 질문\r\nMessage-ID: <sent-1@school.test>\r\n\r\nYes.\r\n',
    );
    const filed = await store.append({ folder: { role: 'sent' }, raw, flags: ['\\Seen'] });
    expect(filed.path).toBe('Sent');
    expect(await store.searchHeader('Sent', 'Message-ID', '<sent-1@school.test>')).toEqual([filed.uid]);

    await store.addFlags('INBOX', [1], ['\\Answered']);
    expect((await store.page('INBOX', {})).messages[0]!.flags).toMatchObject({ answered: true, seen: false });
    expect(events).toContainEqual({
      event: 'message.flagsChanged',
      payload: { path: 'INBOX', changes: [expect.objectContaining({ uid: 1 })] },
    });
  });

  it('gives compose the reading and the size of a message to reply to or forward', async () => {
    const { store } = await pop3Store('p3d-prefill');
    const reading = await store.reading('INBOX', 1);
    expect(reading.summary.subject).toBe('숙제 질문');
    expect(reading.text).toContain('Can you help?');
    expect(await store.size('INBOX', 1)).toBeGreaterThan(50);
    expect(await codeOf(store.size('INBOX', 42))).toBe('message.not_found');
  });
});
