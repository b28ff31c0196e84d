// A POP3 account's own folders and "free up space" over Pigeon's own store (decision 035): messages downloaded from
// the fixture's real Dovecot POP3 into a real PostgreSQL, then filed in nested user folders, renamed, deleted, sized.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessage, createUser } from '@pigeon/mail-fixture';
import { openDatabase, type Database } from '../core/db/database.ts';
import { isAppError } from '../core/app-error.ts';
import { MessageReader } from './reading/message-reader.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, pop3StoreFor } from '../../test/pop3-helpers.ts';
import { testConfig } from '../../test/test-app.ts';
import type { MailStore } from './mail-store.ts';

let db: Database;
let reader: MessageReader;
let store: MailStore;
let accountId: string;

const BIG = Buffer.alloc(60_000, 7);
const note = (subject: string, attach = false) =>
  [
    'From: Kim Minji <minji@school.test>',
    'To: jisoo@school.test',
    `Subject: ${subject}`,
    'Date: Mon, 07 Dec 2026 01:00:00 +0000',
    'MIME-Version: 1.0',
    ...(attach
      ? [
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'see attached',
          '--b1',
          'Content-Type: application/octet-stream; name="big.bin"',
          'Content-Disposition: attachment; filename="big.bin"',
          'Content-Transfer-Encoding: base64',
          '',
          BIG.toString('base64').replace(/.{76}/g, '$&\r\n'),
          '--b1--',
        ]
      : ['Content-Type: text/plain; charset=utf-8', '', `${subject} text`]),
    '',
  ].join('\r\n');

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: unknown) => (isAppError(err) ? err.code : String(err)),
  );
const paths = async () => (await store.folders()).mailboxes.map((m) => m.path);

beforeAll(async () => {
  db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });
  reader = new MessageReader(testConfig().reading);
  const user = await createUser('p3f');
  await appendMessage(user, 'INBOX', note('small one'));
  await appendMessage(user, 'INBOX', note('with a big attachment', true));
  await appendMessage(user, 'INBOX', note('small two'));
  accountId = await pop3AccountFor(db.prisma, user);
  await checkPop3Account(accountId, fetcherFor(db.prisma, user));
  store = pop3StoreFor(db.prisma, reader, accountId);
});
afterAll(async () => {
  await reader?.close();
  await db?.close();
});

describe('POP3 local folders', () => {
  it('creates nested folders, files mail in them, renames and moves them with their mail, and deletes them', async () => {
    expect(await store.createFolder(null, 'School')).toBe('School');
    expect(await store.createFolder('School', '2026 학기')).toBe('School/2026 학기');
    expect(await paths()).toEqual(expect.arrayContaining(['School', 'School/2026 학기']));
    const { mailboxes } = await store.folders();
    expect(mailboxes.find((m) => m.path === 'School/2026 학기')).toMatchObject({ parent: 'School', role: null });

    await store.act('INBOX', { action: 'move', uids: [1], target: 'School/2026 학기' });
    expect((await store.page('School/2026 학기', {})).messages.map((m) => m.subject)).toEqual(['small one']);

    expect(await store.updateFolder('School', { name: 'Classes' })).toBe('Classes');
    expect(await paths()).toEqual(expect.arrayContaining(['Classes', 'Classes/2026 학기']));
    expect(await paths()).not.toContain('School');
    const moved = await store.page('Classes/2026 학기', {});
    expect(moved.messages.map((m) => m.subject)).toEqual(['small one']);
    // reading still works after the rename (same UID, same bytes)
    expect((await store.detail('Classes/2026 학기', moved.messages[0]!.uid)).subject).toBe('small one');

    // move to the top level
    expect(await store.updateFolder('Classes/2026 학기', { parent: null })).toBe('2026 학기');
    expect(await store.updateFolder('2026 학기', {})).toBe('2026 학기');

    await store.deleteFolder('2026 학기');
    await store.deleteFolder('Classes');
    expect(await paths()).toEqual(['INBOX', 'Sent', 'Drafts', 'Trash', 'Archive', 'Junk']);
    // the deleted folder's message took its bytes with it; the others stay
    expect(await db.prisma.localBody.count({ where: { accountId } })).toBe(2);
  });

  it('answers the folder rules’ stable codes, never a server error', async () => {
    expect(await codeOf(store.createFolder(null, 'INBOX'))).toBe('folder.exists');
    expect(await codeOf(store.createFolder(null, 'Trash'))).toBe('folder.exists');
    expect(await codeOf(store.createFolder(null, 'a/b'))).toBe('folder.invalid_name');
    expect(await codeOf(store.createFolder(null, ''))).toBe('folder.invalid_name');
    expect(await codeOf(store.createFolder('Nope', 'x'))).toBe('mailbox.not_found');
    expect(await codeOf(store.updateFolder('Trash', { name: 'Bin' }))).toBe('folder.protected');
    expect(await codeOf(store.deleteFolder('INBOX'))).toBe('folder.protected');
    expect(await codeOf(store.deleteFolder('Nope'))).toBe('mailbox.not_found');
    await store.createFolder(null, 'Loop');
    await store.createFolder('Loop', 'Inner');
    expect(await codeOf(store.updateFolder('Loop', { parent: 'Loop/Inner' }))).toBe('folder.into_itself');
    await store.deleteFolder('Loop');
    expect(await codeOf(store.subscribeFolder('INBOX', false))).toBe('pop3.no_subscriptions');
    expect(await codeOf(store.emptyFolder('INBOX'))).toBe('folder.not_emptiable');
  });

  it('marks a folder read and empties Trash', async () => {
    const read = await store.markFolderRead('INBOX');
    expect(read).toMatchObject({ path: 'INBOX', affected: 2, total: 2, unread: 0 });
    await store.act('INBOX', { action: 'delete', uids: [3] });
    const emptied = await store.emptyFolder('Trash');
    expect(emptied).toMatchObject({ path: 'Trash', affected: 1, total: 0 });
    // removed from Trash for good: its ledger row is marked for the server (019)
    expect(await db.prisma.pop3Download.count({ where: { accountId, removeFromServer: true } })).toBe(1);
  });
});

describe('POP3 capacity', () => {
  it('has no quota, sizes every folder from the stored bytes, and lists the largest by size and by attachments', async () => {
    expect(await store.quota()).toEqual({ quota: null });
    const { folders } = await store.folderSizes();
    expect(folders[0]).toMatchObject({ path: 'INBOX', messages: 1 });
    expect(folders[0]!.bytes).toBeGreaterThan(BIG.length);
    expect(folders.find((f) => f.path === 'Sent')).toEqual({ path: 'Sent', messages: 0, bytes: 0 });

    const largest = await store.largestMessages({ limit: 10 });
    expect(largest.messages).toEqual([
      expect.objectContaining({ path: 'INBOX', subject: 'with a big attachment', attachmentBytes: BIG.length }),
    ]);
    const byAttachments = await store.largestMessages({ path: 'INBOX', by: 'attachments', limit: 10 });
    expect(byAttachments.messages.map((m) => m.attachmentBytes)).toEqual([BIG.length]);
    expect(await codeOf(store.largestMessages({ path: 'Nope', limit: 5 }))).toBe('mailbox.not_found');
  });
});
