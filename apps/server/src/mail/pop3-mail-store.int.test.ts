// A POP3 account's MailStore over Pigeon's own store: messages downloaded from the fixture's real Dovecot into a real
// PostgreSQL, then listed, read through the reading workers, flagged, moved, deleted, searched and appended to.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessage, createUser } from '@pigeon/mail-fixture';
import { openDatabase, type Database } from '../core/db/database.ts';
import { isAppError } from '../core/app-error.ts';
import { MessageReader } from './reading/message-reader.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, pop3StoreFor } from '../../test/pop3-helpers.ts';
import { testConfig } from '../../test/test-app.ts';
import { createPop3Ledger } from './pop3/pop3-ledger.repository.ts';
import { exportEmlZipAcross } from '../features/capacity/export.service.ts';
import { unzip } from '../../test/unzip.ts';

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

const PDF = Buffer.from('%PDF-1.4 pretend pdf bytes \u0000\u0001\u0002', 'latin1');
const mixed = (subject: string, id: string) =>
  [
    'From: Kim Minji <minji@school.test>',
    'To: someone@school.test',
    `Subject: ${subject}`,
    `Message-ID: <${id}@school.test>`,
    'Date: Mon, 07 Dec 2026 01:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello <b>숙제</b> <img src="https://tracker.example/x.png"><script>alert(1)</script></p>',
    '--b1',
    'Content-Type: application/pdf; name="plan.pdf"',
    'Content-Disposition: attachment; filename="plan.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');

async function downloaded(n: number, prefix: string) {
  const user = await createUser(prefix);
  for (let i = 1; i <= n; i++) await appendMessage(user, 'INBOX', mixed(`note ${i}`, `${prefix}-${i}`));
  const accountId = await pop3AccountFor(db.prisma, user);
  await checkPop3Account(accountId, fetcherFor(db.prisma, user));
  const events: { event: string; payload: Record<string, unknown> }[] = [];
  const store = pop3StoreFor(db.prisma, reader, accountId, (event, payload) =>
    events.push({ event, payload: payload as Record<string, unknown> }),
  );
  return { user, accountId, store, events };
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: unknown) => (isAppError(err) ? err.code : String(err)),
  );

describe('Pop3MailStore', () => {
  it('lists the local folders with roles and counts, and pages a folder newest first with a sync token', async () => {
    const { store } = await downloaded(5, 'p3s-list');
    expect(store.capabilities).toMatchObject({ protocol: 'pop3', push: false, serverFolders: false });
    const { mailboxes } = await store.folders();
    expect(mailboxes.map((m) => [m.path, m.role])).toEqual([
      ['INBOX', 'inbox'],
      ['Sent', 'sent'],
      ['Drafts', 'drafts'],
      ['Trash', 'trash'],
      ['Archive', 'archive'],
      ['Junk', 'junk'],
    ]);
    expect(mailboxes[0]).toMatchObject({ total: 5, unread: 5, selectable: true, parent: null });

    const first = await store.page('INBOX', { limit: 3 });
    expect(first.messages.map((m) => m.subject)).toEqual(['note 5', 'note 4', 'note 3']);
    expect(first).toMatchObject({ total: 5, unread: 5, nextBefore: 3 });
    expect(first.syncToken).toEqual(expect.any(String));
    const second = await store.page('INBOX', { limit: 3, before: first.nextBefore! });
    expect(second.messages.map((m) => m.subject)).toEqual(['note 2', 'note 1']);
    expect(second.nextBefore).toBeNull();
    expect(second.syncToken).toBeUndefined();
    expect(await codeOf(store.page('Nope', {}))).toBe('mailbox.not_found');
  });

  it('reads a message through the reading workers: detail, sanitized body, attachment bytes and the raw source', async () => {
    const { store, user } = await downloaded(1, 'p3s-read');
    const detail = await store.detail('INBOX', 1);
    expect(detail).toMatchObject({ subject: 'note 1', from: { name: 'Kim Minji', address: 'minji@school.test' } });
    expect(detail.messageId).toBe('<p3s-read-1@school.test>');
    expect(detail.hasRemoteContent).toBe(true);
    expect(detail.text).toContain('숙제');
    expect(detail.attachments).toEqual([expect.objectContaining({ filename: 'plan.pdf', inline: false })]);

    const body = await store.body('INBOX', 1, false);
    expect(body).toContain('숙제');
    expect(body).not.toContain('<script');
    expect(body).not.toContain('tracker.example');
    expect(await store.body('INBOX', 1, true)).toContain('tracker.example');

    const bytes = await store.attachment('INBOX', 1, detail.attachments[0]!.id, 1024 * 1024, async (f) => {
      expect(f.contentType).toBe('application/pdf');
      return f.content;
    });
    expect(Buffer.compare(bytes as Buffer, PDF)).toBe(0);
    expect(await codeOf(store.attachment('INBOX', 1, detail.attachments[0]!.id, 4, async () => 0))).toBe(
      'message.attachment_too_large',
    );
    expect(await codeOf(store.attachment('INBOX', 1, 'x9', 1024, async () => 0))).toBe('message.attachment_not_found');

    const raw = await store.read('INBOX', 1, async ({ source, subject }) => {
      const chunks: Buffer[] = [];
      for await (const c of source) chunks.push(c as Buffer);
      return { text: Buffer.concat(chunks).toString('latin1'), subject };
    });
    expect(raw.subject).toBe('note 1');
    expect(raw.text).toContain(`Message-ID: <p3s-read-1@school.test>`);
    expect(raw.text).toContain(PDF.toString('base64'));
    expect(await codeOf(store.detail('INBOX', 99))).toBe('message.not_found');
    expect(user.email).toContain('p3s-read');
  });

  it('flags, moves, deletes to Trash and for good, tells the other devices, and answers changes since a token', async () => {
    const { store, events, accountId } = await downloaded(4, 'p3s-act');
    const start = await store.page('INBOX', {});

    await store.act('INBOX', { action: 'markRead', uids: [1, 2] });
    await store.act('INBOX', { action: 'star', uids: [2] });
    expect(events.find((e) => e.event === 'message.flagsChanged')?.payload).toMatchObject({
      path: 'INBOX',
      changes: [
        { uid: 1, flags: { seen: true, flagged: false } },
        { uid: 2, flags: { seen: true, flagged: false } },
      ],
    });
    expect(events.filter((e) => e.event === 'mailbox.countsChanged').at(-1)?.payload).toEqual({
      path: 'INBOX',
      total: 4,
      unread: 2,
    });

    const deleted = await store.act('INBOX', { action: 'delete', uids: [3] });
    expect(deleted).toEqual({ action: 'delete', uids: [3], destination: 'Trash', expunged: false });
    const archived = await store.act('INBOX', { action: 'archive', uids: [4] });
    expect(archived.destination).toBe('Archive');
    expect(events.filter((e) => e.event === 'message.added').map((e) => e.payload.path)).toEqual(['Trash', 'Archive']);

    const changes = await store.changesSince('INBOX', start.syncToken);
    expect(changes.reset).toBe(false);
    expect(changes.changed.map((c) => [c.uid, c.flags.seen, c.flags.flagged])).toEqual([
      [1, true, false],
      [2, true, true],
    ]);
    expect(changes.removed.sort()).toEqual([3, 4]);
    expect(changes).toMatchObject({ total: 2, unread: 0, added: [] });
    expect((await store.changesSince('INBOX', changes.syncToken)).changed).toEqual([]);
    expect((await store.changesSince('INBOX', 'garbage')).reset).toBe(true);

    // deleting from Trash removes for good and marks the download for removal from the server
    const inTrash = (await store.page('Trash', {})).messages.map((m) => m.uid);
    expect(await store.act('Trash', { action: 'delete', uids: inTrash })).toMatchObject({ expunged: true });
    expect((await store.page('Trash', {})).messages).toEqual([]);
    const ledger = await createPop3Ledger(db.prisma).entries(accountId);
    expect([...ledger.values()].filter((r) => r.removeFromServer)).toHaveLength(1);

    expect(await codeOf(store.act('INBOX', { action: 'move', uids: [1] }))).toBe('message.invalid_action');
    expect(await codeOf(store.act('INBOX', { action: 'move', uids: [1], target: 'Nowhere' }))).toBe(
      'mailbox.not_found',
    );
  });

  it('marks junk into Junk with its keyword, back with notJunk, deletes forever, and refuses an unknown action', async () => {
    const { accountId, store } = await downloaded(3, 'p3s-junk');
    const flagsIn = async (path: string) =>
      (
        await db.prisma.localMessage.findMany({
          where: { folder: { accountId, path } },
          select: { uid: true, flags: true },
          orderBy: { uid: 'asc' },
        })
      ).map((m) => m.flags);
    expect(await store.act('INBOX', { action: 'junk', uids: [1] })).toMatchObject({ destination: 'Junk' });
    expect((await store.page('Junk', {})).messages.map((m) => m.subject)).toEqual(['note 1']);
    expect(await flagsIn('Junk')).toEqual([['$Junk']]);
    const [back] = (await store.page('Junk', {})).messages;
    expect(await store.act('Junk', { action: 'notJunk', uids: [back!.uid] })).toMatchObject({ destination: 'INBOX' });
    expect((await store.page('Junk', {})).messages).toEqual([]);
    expect((await flagsIn('INBOX')).at(-1)).toEqual(['$NotJunk']);

    expect(await store.act('INBOX', { action: 'deleteForever', uids: [2] })).toMatchObject({ expunged: true });
    expect((await store.page('Trash', {})).messages).toEqual([]);
    expect((await store.page('INBOX', {})).messages.map((m) => m.subject).sort()).toEqual(['note 1', 'note 3']);

    // a direct caller with a wrong name gets the stable code; nothing moves (this used to delete to Trash)
    const bogus = { action: 'read', uids: [3] } as unknown as Parameters<typeof store.act>[1];
    expect(await codeOf(store.act('INBOX', bogus))).toBe('message.invalid_action');
    expect((await store.page('INBOX', {})).messages).toHaveLength(2);
    expect((await store.page('Trash', {})).messages).toEqual([]);
  });

  it('finds messages by a header and files an appended Sent copy that reads back', async () => {
    const { store, events } = await downloaded(3, 'p3s-append');
    expect(await store.searchHeader('INBOX', 'Message-ID', 'p3s-append-2@')).toEqual([2]);
    expect(await store.searchHeader('INBOX', 'Subject', 'NOTE 3')).toEqual([3]);
    expect(await store.searchHeader('INBOX', 'Message-ID', 'not-there')).toEqual([]);

    const sent = Buffer.from(
      'From: me@school.test\r\nTo: you@school.test\r\nSubject: =?UTF-8?B?7ZWZ6rWQ?=\r\nMessage-ID: <sent-1@school.test>\r\n\r\nsee you\r\n',
    );
    const filed = await store.append({ folder: { role: 'sent' }, raw: sent, flags: ['\\Seen'] });
    expect(filed).toEqual({ path: 'Sent', uid: 1 });
    const page = await store.page('Sent', {});
    expect(page.messages).toEqual([
      expect.objectContaining({ uid: 1, subject: '학교', flags: expect.objectContaining({ seen: true }) }),
    ]);
    expect((await store.detail('Sent', 1)).text.trim()).toBe('see you');
    expect(await store.searchHeader('Sent', 'Message-ID', '<sent-1@school.test>')).toEqual([1]);
    expect(events.at(-2)).toEqual({ event: 'message.added', payload: { path: 'Sent', uids: [1] } });
    expect(await codeOf(store.append({ folder: { path: 'Nope' }, raw: sent, flags: [] }))).toBe('mailbox.not_found');
  });

  it('downloads a selection across folders as one zip of .eml files, byte for byte (export across folders)', async () => {
    const { store } = await downloaded(3, 'p3s-export');
    const archived = await store.act('INBOX', { action: 'archive', uids: [3] });
    expect(archived.destination).toBe('Archive');
    const [moved] = (await store.page('Archive', {})).messages;
    const raw = (path: string, uid: number) =>
      store.read(path, uid, async ({ source }) => Buffer.concat(await source.toArray()));
    const expected = new Map([
      ['INBOX/1 note 1.eml', await raw('INBOX', 1)],
      ['INBOX/2 note 2.eml', await raw('INBOX', 2)],
      [`Archive/${moved!.uid} note 3.eml`, await raw('Archive', moved!.uid)],
    ]);
    const folders = new Map([
      ['INBOX', [2, 1, 9]],
      ['Archive', [moved!.uid]],
    ]);
    const zip = await exportEmlZipAcross({
      mail: store,
      folders,
      use: async (stream) => Buffer.concat(await stream.toArray()),
    });
    const files = await unzip(zip);
    expect([...files.keys()]).toEqual([...expected.keys()]);
    for (const [name, bytes] of expected) expect(files.get(name)!.equals(bytes), name).toBe(true);
    expect(
      await codeOf(exportEmlZipAcross({ mail: store, folders: new Map([['INBOX', [9]]]), use: async () => 0 })),
    ).toBe('message.not_found');
  });

  it('shows an attached message (message/rfc822) as its own sanitized document, and no other part', async () => {
    const user = await createUser('p3s-attached');
    const inner = [
      'From: Hong <hong@school.test>',
      'Subject: Inner news',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Inner <b>body</b> 안녕</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
    ].join('\r\n');
    const outer = mixed('fwd', 'p3s-attached-1').replace(
      '--b1--',
      `--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n${inner}\r\n--b1--`,
    );
    await appendMessage(user, 'INBOX', outer);
    const accountId = await pop3AccountFor(db.prisma, user);
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    const store = pop3StoreFor(db.prisma, reader, accountId);
    const { attachments } = await store.detail('INBOX', 1);
    const attached = attachments.find((a) => a.contentType === 'message/rfc822');
    const pdf = attachments.find((a) => a.contentType === 'application/pdf');
    expect(attached && pdf).toBeTruthy();
    const doc = await store.attachedMessage('INBOX', 1, attached!.id);
    expect(doc).toContain('<b>body</b> 안녕');
    expect(doc).not.toMatch(/<script|tracker\.example/i);
    expect(await codeOf(store.attachedMessage('INBOX', 1, pdf!.id))).toBe('message.attachment_not_found');
  });

  it('answers pop3.not_downloaded for a message only listed from its headers so far', async () => {
    const user = await createUser('p3s-preview');
    for (let i = 1; i <= 3; i++) await appendMessage(user, 'INBOX', mixed(`early ${i}`, `p3s-preview-${i}`));
    const accountId = await pop3AccountFor(db.prisma, user);
    // the previews are stored, then the check stops before any body is downloaded
    const stop = new Error('stop after previews');
    const deps = fetcherFor(db.prisma, user, {
      previewThreshold: 0,
      pauseAt: async (step) => {
        if (step === 'previewed') throw stop;
      },
    });
    await expect(checkPop3Account(accountId, deps)).rejects.toBe(stop);
    const store = pop3StoreFor(db.prisma, reader, accountId);
    const page = await store.page('INBOX', {});
    expect(page.messages.map((m) => m.subject)).toEqual(['early 3', 'early 2', 'early 1']);
    expect(await codeOf(store.detail('INBOX', 1))).toBe('pop3.not_downloaded');
    expect(await codeOf(store.read('INBOX', 1, async () => 0))).toBe('pop3.not_downloaded');
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    expect((await store.detail('INBOX', 1)).subject).toBe('early 1');
  });
});
