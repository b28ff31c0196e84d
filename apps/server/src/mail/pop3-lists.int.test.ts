// A POP3 account's list views, conversations and all-folders search over Pigeon's own store (decision 035): messages
// downloaded from the fixture's real Dovecot POP3 into a real PostgreSQL, then sorted, filtered, searched and threaded.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessage, createUser } from '@pigeon/mail-fixture';
import type { ListViewQuery } from '@pigeon/shared';
import { openDatabase, type Database } from '../core/db/database.ts';
import { isAppError } from '../core/app-error.ts';
import { MessageReader } from './reading/message-reader.ts';
import { parseListView } from './list/list-view.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, pop3StoreFor } from '../../test/pop3-helpers.ts';
import { testConfig } from '../../test/test-app.ts';
import type { MailStore } from './mail-store.ts';

let db: Database;
let reader: MessageReader;
let store: MailStore;

const message = (o: {
  from: string;
  subject: string;
  id: string;
  date: string;
  body: string;
  inReplyTo?: string;
  attach?: boolean;
  qp?: boolean;
}) =>
  [
    `From: ${o.from}`,
    'To: Lee Jisoo <jisoo@school.test>',
    `Subject: ${o.subject}`,
    `Message-ID: <${o.id}@school.test>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}@school.test>`, `References: <${o.inReplyTo}@school.test>`] : []),
    `Date: ${o.date}`,
    'MIME-Version: 1.0',
    ...(o.attach
      ? [
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          o.body,
          '--b1',
          'Content-Type: application/octet-stream; name="data.bin"',
          'Content-Disposition: attachment; filename="data.bin"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('\u0000\u0001binary\u0000', 'latin1').toString('base64'),
          '--b1--',
        ]
      : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', o.body]),
    '',
  ].join('\r\n');

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: unknown) => (isAppError(err) ? err.code : String(err)),
  );
const view = (q: ListViewQuery) => parseListView(q);
const subjects = async (q: ListViewQuery, path = 'INBOX') =>
  (await store.view(path, view(q), { limit: 50 })).messages.map((m) => m.subject);

beforeAll(async () => {
  db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });
  reader = new MessageReader(testConfig().reading);
  const user = await createUser('p3l');
  // uid 1..5 in arrival order; the Date headers are not in that order
  await appendMessage(
    user,
    'INBOX',
    message({
      from: 'Kim Minji <minji@school.test>',
      subject: 'Field trip',
      id: 'trip',
      date: 'Tue, 01 Dec 2026 09:00:00 +0000',
      body: 'The bus leaves at 8. 숙제 is due Friday.',
    }),
  );
  await appendMessage(
    user,
    'INBOX',
    message({
      from: 'Park Doyun <doyun@school.test>',
      subject: 'Lunch menu',
      id: 'lunch',
      date: 'Thu, 03 Dec 2026 09:00:00 +0000',
      body: 'Bibimbap on MONDAY.',
      attach: true,
    }),
  );
  await appendMessage(
    user,
    'INBOX',
    message({
      from: 'Choi Ara <ara@school.test>',
      subject: 'Re: Field trip',
      id: 'trip-re',
      inReplyTo: 'trip',
      date: 'Wed, 02 Dec 2026 09:00:00 +0000',
      body: 'Can parents come along?',
    }),
  );
  await appendMessage(
    user,
    'INBOX',
    message({
      from: '=?UTF-8?B?7ZWZ6rWQ?= <office@school.test>',
      subject: '=?UTF-8?B?7ZWZ6rWQIOqzteyngA==?=',
      id: 'notice',
      date: 'Fri, 04 Dec 2026 09:00:00 +0000',
      body: 'School closes early on Monday.',
    }),
  );
  await appendMessage(
    user,
    'INBOX',
    message({
      from: 'Ahn Bora <bora@school.test>',
      subject: 'Field trip photos',
      id: 'photos',
      inReplyTo: 'trip-re',
      date: 'Sat, 05 Dec 2026 09:00:00 +0000',
      body: 'Photos attached soon, with a long line to make this one the largest message of the folder by far. '.repeat(
        5,
      ),
    }),
  );
  const accountId = await pop3AccountFor(db.prisma, user);
  await checkPop3Account(accountId, fetcherFor(db.prisma, user));
  store = pop3StoreFor(db.prisma, reader, accountId);
  // uid 2 read and starred, uid 5 read
  await store.act('INBOX', { action: 'markRead', uids: [2, 5] });
  await store.act('INBOX', { action: 'star', uids: [2] });
  // the user's reply, as the outbox files it
  await store.append({
    folder: { role: 'sent' },
    raw: Buffer.from(
      message({
        from: 'Lee Jisoo <jisoo@school.test>',
        subject: 'Re: Field trip',
        id: 'my-reply',
        inReplyTo: 'trip',
        date: 'Wed, 02 Dec 2026 10:00:00 +0000',
        body: 'Count me in.',
      }),
    ),
    flags: ['\\Seen'],
  });
});
afterAll(async () => {
  await reader?.close();
  await db?.close();
});

describe('POP3 list views (Pigeon’s own store)', () => {
  it('sorts by date (arrival), sender, subject and size, both ways, and keeps the plain folder page', async () => {
    expect(await subjects({})).toEqual([
      'Field trip photos',
      '학교 공지',
      'Re: Field trip',
      'Lunch menu',
      'Field trip',
    ]);
    expect(await subjects({ order: 'asc' })).toEqual([
      'Field trip',
      'Lunch menu',
      'Re: Field trip',
      '학교 공지',
      'Field trip photos',
    ]);
    // display name, else address, case-insensitive
    expect(await subjects({ sort: 'from' })).toEqual([
      'Field trip photos',
      'Re: Field trip',
      'Field trip',
      'Lunch menu',
      '학교 공지',
    ]);
    // base subject: "Re: Field trip" sorts with "Field trip", ties by arrival
    expect(await subjects({ sort: 'subject' })).toEqual([
      'Field trip',
      'Re: Field trip',
      'Field trip photos',
      'Lunch menu',
      '학교 공지',
    ]);
    const bySize = await store.view('INBOX', view({ sort: 'size' }), { limit: 50 });
    expect(bySize.messages[0]!.subject).toBe('Field trip photos');
    const sizes = bySize.messages.map((m) => m.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(bySize.syncToken).toEqual(expect.any(String));
  });

  it('quick filters: unread, starred, with attachments; counts are the view’s', async () => {
    const unread = await store.view('INBOX', view({ unread: true }), { limit: 50 });
    expect(unread.messages.map((m) => m.uid)).toEqual([4, 3, 1]);
    expect(unread).toMatchObject({ total: 3, unread: 3 });
    expect(await subjects({ flagged: true })).toEqual(['Lunch menu']);
    expect(await subjects({ attachments: true })).toEqual(['Lunch menu']);
    expect(await subjects({ unread: true, flagged: true })).toEqual([]);
  });

  it('searches words in headers (decoded) and text (UTF-8, ASCII case-insensitive), fields and dates', async () => {
    expect(await subjects({ q: '숙제' })).toEqual(['Field trip']);
    expect(await subjects({ q: 'monday' })).toEqual(['학교 공지', 'Lunch menu']);
    expect(await subjects({ q: '학교' })).toEqual(['학교 공지']);
    expect(await subjects({ q: 'field parents' })).toEqual(['Re: Field trip']);
    expect(await subjects({ q: '"bus leaves"' })).toEqual(['Field trip']);
    expect(await subjects({ from: 'doyun' })).toEqual(['Lunch menu']);
    expect(await subjects({ from: '학교' })).toEqual(['학교 공지']);
    expect(await subjects({ to: 'jisoo' })).toHaveLength(5);
    expect(await subjects({ subject: 'trip' })).toEqual(['Field trip photos', 'Re: Field trip', 'Field trip']);
    // BODY looks after the header block: "Lunch" is only in the Subject
    expect(await subjects({ body: 'lunch' })).toEqual([]);
    expect(await subjects({ body: 'bibimbap' })).toEqual(['Lunch menu']);
    expect(await subjects({ since: '2026-12-03', until: '2026-12-04' })).toEqual(['학교 공지', 'Lunch menu']);
    expect(await subjects({ q: 'nothing-like-this' })).toEqual([]);
  });

  it('pages a view on UID anchors; a vanished anchor is list.anchor_gone, a missing folder mailbox.not_found', async () => {
    const first = await store.view('INBOX', view({ sort: 'subject' }), { limit: 2 });
    expect(first.messages.map((m) => m.uid)).toEqual([1, 3]);
    expect(first.nextBefore).toBe(3);
    const second = await store.view('INBOX', view({ sort: 'subject' }), { limit: 2, before: 3 });
    expect(second.messages.map((m) => m.uid)).toEqual([5, 2]);
    expect(second.syncToken).toBeUndefined();
    expect(await codeOf(store.view('INBOX', view({ unread: true }), { limit: 2, before: 2 }))).toBe('list.anchor_gone');
    expect(await codeOf(store.view('Nope', view({ unread: true }), { limit: 2 }))).toBe('mailbox.not_found');
    const aborted = AbortSignal.abort();
    expect(await codeOf(store.view('INBOX', view({ q: 'x' }), { limit: 2, signal: aborted }))).toBe('search.cancelled');
  });
});

describe('hostile bytes', () => {
  it('a message holding NUL bytes in its header and body is still searched, by header and by word', async () => {
    const raw = Buffer.from(
      'From: nul@school.test\r\nSubject: zero bytes\r\nX-Junk: a\u0000b\r\nMessage-ID: <nul-1@school.test>\r\n\r\nnul\u0000Haystack here\r\n',
      'latin1',
    );
    const { uid } = await store.append({ folder: { path: 'Junk' }, raw, flags: [] });
    expect(await store.searchHeader('Junk', 'Message-ID', 'nul-1@school.test')).toEqual([uid]);
    expect(await subjects({ q: 'Haystack' }, 'Junk')).toEqual(['zero bytes']);
    expect(await subjects({ body: 'Haystack' }, 'Junk')).toEqual(['zero bytes']);
  });
});

describe('POP3 conversations (RFC 5256 REFERENCES over the stored headers)', () => {
  it('groups replies and same-subject messages, newest conversation first, with unread, starred and senders', async () => {
    const page = await store.conversations('INBOX', { limit: 50 });
    expect(page.conversations.map((c) => [c.id, c.count, c.latest.uid])).toEqual([
      [1, 3, 5],
      [4, 1, 4],
      [2, 1, 2],
    ]);
    expect(page).toMatchObject({ total: 3, unread: 3, nextBefore: null });
    expect(page.conversations[0]).toMatchObject({
      unread: 2,
      flagged: false,
      participants: ['Kim Minji', 'Choi Ara', 'Ahn Bora'],
    });
    expect(page.conversations[2]).toMatchObject({ unread: 0, flagged: true });
    const first = await store.conversations('INBOX', { limit: 1 });
    expect(first.nextBefore).toBe(5);
    const next = await store.conversations('INBOX', { limit: 1, before: 5 });
    expect(next.conversations.map((c) => c.id)).toEqual([4]);
  });

  it('opens a conversation with the user’s reply from Sent, oldest first; acts on all of it', async () => {
    const c = await store.conversation('INBOX', 3);
    expect(c.uids).toEqual([1, 3, 5]);
    expect(c.messages.map((m) => [m.path, m.subject])).toEqual([
      ['INBOX', 'Field trip'],
      ['INBOX', 'Re: Field trip'],
      ['Sent', 'Re: Field trip'],
      ['INBOX', 'Field trip photos'],
    ]);
    expect(await codeOf(store.conversation('INBOX', 99))).toBe('conversation.not_found');
    expect(await codeOf(store.conversations('Nope', { limit: 5 }))).toBe('mailbox.not_found');

    const done = await store.actOnConversation('INBOX', 1, { action: 'markRead' });
    expect(done).toMatchObject({ action: 'markRead', uids: [1, 3, 5] });
    const after = await store.conversations('INBOX', { limit: 50 });
    expect(after.conversations[0]).toMatchObject({ id: 1, unread: 0 });
    expect(after.unread).toBe(1);
    await store.act('INBOX', { action: 'markUnread', uids: [1, 3] });
  });
});

describe('POP3 search in all folders', () => {
  it('merges every folder’s matches newest Date first, and pages on the cursor', async () => {
    const all = await store.searchAll(view({ q: 'trip' }), { limit: 50 });
    expect(all.messages.map((m) => [m.path, m.subject])).toEqual([
      ['INBOX', 'Field trip photos'],
      ['Sent', 'Re: Field trip'],
      ['INBOX', 'Re: Field trip'],
      ['INBOX', 'Field trip'],
    ]);
    // INBOX and Sent hold mail; Junk (the NUL message) is left out unless asked for (decision 032)
    expect(all).toMatchObject({ nextCursor: null, folders: 2 });
    const anywhere = await store.searchAll(view({ q: 'trip' }), { limit: 50, anywhere: true });
    expect(anywhere).toMatchObject({ nextCursor: null, folders: 3 });
    expect(anywhere.messages).toEqual(all.messages);
    const first = await store.searchAll(view({ q: 'trip' }), { limit: 2 });
    expect(first.messages.map((m) => m.subject)).toEqual(['Field trip photos', 'Re: Field trip']);
    const rest = await store.searchAll(view({ q: 'trip' }), { limit: 2, cursor: first.nextCursor! });
    expect(rest.messages.map((m) => [m.path, m.subject])).toEqual([
      ['INBOX', 'Re: Field trip'],
      ['INBOX', 'Field trip'],
    ]);
    expect(await codeOf(store.searchAll(view({ q: 'trip' }), { limit: 2, cursor: 'garbage!' }))).toBe(
      'search.invalid_cursor',
    );
  });
});

describe('words inside base64 and quoted-printable parts', () => {
  it('are found through the text kept at download; old bodies get it from the next check (backfill)', async () => {
    const user = await createUser('p3l-enc');
    const far = `${'첫 줄 padding words\r\n'.repeat(120)}the giraffe is hidden here`;
    await appendMessage(
      user,
      'INBOX',
      [
        'From: a@school.test',
        'Subject: base64 notes',
        'Message-ID: <enc-1@school.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(far, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
        '',
      ].join('\r\n'),
    );
    await appendMessage(
      user,
      'INBOX',
      [
        'From: b@school.test',
        'Subject: qp menu',
        'Message-ID: <enc-2@school.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>Today: caf=C3=A9 au lait and =EA=B9=80=EB=B0=A5</p>',
        '',
      ].join('\r\n'),
    );
    const accountId = await pop3AccountFor(db.prisma, user);
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    const mine = pop3StoreFor(db.prisma, reader, accountId, () => {});
    const found = async (q: ListViewQuery) =>
      (await mine.view('INBOX', view(q), { limit: 50 })).messages.map((m) => m.subject);
    expect(await found({ q: 'GIRAFFE' })).toEqual(['base64 notes']);
    expect(await found({ body: 'café au lait' })).toEqual(['qp menu']);
    expect(await found({ q: '김밥' })).toEqual(['qp menu']);

    // bodies stored before the text was kept: not found by their encoded words until a check fills the text
    await db.prisma.localBody.updateMany({ where: { accountId }, data: { text: null } });
    expect(await found({ q: 'giraffe' })).toEqual([]);
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    expect(await found({ q: 'giraffe' })).toEqual(['base64 notes']);
    expect(await db.prisma.localBody.count({ where: { accountId, text: null } })).toBe(0);
  });
});
