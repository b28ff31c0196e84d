// The POP3 fetcher against the fixture's real Dovecot and a real PostgreSQL: exactly once, previews first, the
// server-side options with an injected clock, a racing second fetcher, a server that goes away mid-download.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessage, createUser, seedMailbox, startDovecot, stopDovecot, type MailUser } from '@pigeon/mail-fixture';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, pop3For, serverCount } from '../../../test/pop3-helpers.ts';
import { createLocalStore } from '../local/local-store.repository.ts';
import { createPop3Ledger } from './pop3-ledger.repository.ts';

let db: Database;
let db2: Database;
const DAY = 86_400_000;

const open = () => openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });

beforeAll(async () => {
  [db, db2] = await Promise.all([open(), open()]);
});
afterAll(async () => {
  await db?.close();
  await db2?.close();
});

/** A new fixture user with `n` seeded INBOX messages, and a new account id. */
async function mailboxWith(n: number, prefix: string): Promise<{ user: MailUser; accountId: string }> {
  const user = await createUser(prefix);
  if (n) await seedMailbox(user, n, { inboxOnly: true });
  return { user, accountId: await pop3AccountFor(db.prisma, user) };
}

async function inbox(accountId: string) {
  const store = createLocalStore(db.prisma);
  return store.page(accountId, 'INBOX', { limit: 10_000 });
}

describe('POP3 fetcher', () => {
  it('downloads each message once into the local INBOX and leaves a copy on the server by default', async () => {
    const { user, accountId } = await mailboxWith(30, 'pop3-once');
    const deps = fetcherFor(db.prisma, user, { batchSize: 7 });
    const progress: number[] = [];
    const first = await checkPop3Account(accountId, { ...deps, onProgress: (p) => progress.push(p.done) });
    expect(first).toMatchObject({ stored: 30, removed: 0, skipped: 0 });
    expect(progress).toEqual([0, 7, 14, 21, 28, 30]);
    const again = await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    expect(again.stored).toBe(0);
    const rows = await inbox(accountId);
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.uid)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    expect(rows.every((r) => r.size > 0 && !r.flags.seen)).toBe(true);
    expect(rows.filter((r) => r.subject.length > 0).length).toBeGreaterThan(20); // the seed has a few without
    expect(await serverCount(user)).toBe(30);

    // what the local store serves: the raw bytes as the server sent them, flags and changes by modseq
    const store = createLocalStore(db.prisma);
    const raw = await store.readRaw(accountId, 'INBOX', 1);
    expect(raw?.toString('latin1')).toMatch(/^[\s\S]*\r\n\r\n/);
    const before = (await store.folders(accountId)).find((f) => f.path === 'INBOX')!;
    expect(before).toMatchObject({ total: 30, unread: 30, role: 'inbox', uidNext: 31 });
    await store.setFlags(accountId, 'INBOX', [3], ['\\Seen'], []);
    const {
      added: [uid],
    } = await store.move(accountId, 'INBOX', [4], 'Archive');
    await appendMessage(user, 'INBOX', 'Subject: one more\r\nFrom: x@school.test\r\n\r\nhi\r\n');
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    const changes = await store.changesSince(accountId, 'INBOX', before.highestModSeq, before.uidNext);
    expect(changes.changed).toEqual([{ uid: 3, flags: { seen: true, flagged: false, answered: false, draft: false } }]);
    expect(changes.removed).toEqual([4]);
    expect(changes.added.map((a) => a.subject)).toEqual(['one more']);
    expect(uid).toBe(1);
    expect((await store.folders(accountId)).find((f) => f.path === 'INBOX')).toMatchObject({ total: 30, unread: 29 });

    // the account's store and ledger go with the account (foreign keys, ON DELETE CASCADE)
    await db.prisma.account.delete({ where: { id: accountId } });
    expect(await store.folders(accountId)).toEqual([]);
    expect(await db.prisma.localBody.count({ where: { accountId } })).toBe(0);
    expect(await db.prisma.pop3Download.count({ where: { accountId } })).toBe(0);
    expect(await db.prisma.pop3Settings.count({ where: { accountId } })).toBe(0);
  });

  it('lists a large first download from TOP headers first, then fills the bodies, without a second row', async () => {
    const { user, accountId } = await mailboxWith(12, 'pop3-preview');
    let previewRows = -1;
    let bodiesAtPreview = -1;
    const store = createLocalStore(db.prisma);
    const result = await checkPop3Account(
      accountId,
      fetcherFor(db.prisma, user, {
        previewThreshold: 5,
        batchSize: 5,
        pauseAt: async (step) => {
          if (step !== 'retrieved' || previewRows >= 0) return;
          previewRows = (await inbox(accountId)).length;
          bodiesAtPreview = (await store.readRaw(accountId, 'INBOX', 12)) ? 1 : 0;
        },
      }),
    );
    expect(result).toMatchObject({ previewed: 12, stored: 12 });
    expect(previewRows).toBe(12); // every row listed before the first body arrived
    expect(bodiesAtPreview).toBe(0);
    const rows = await inbox(accountId);
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.preview.length > 0).length).toBeGreaterThan(0);
    // the filled bytes are the server's, byte for byte; each refreshed row took its own next modseq
    const server = await pop3For(user);
    const fromServer = (await server.retr(12)).raw;
    await server.quit();
    expect((await store.readRaw(accountId, 'INBOX', 12))?.equals(fromServer!)).toBe(true);
    const folder = await db.prisma.localFolder.findFirstOrThrow({ where: { accountId, path: 'INBOX' } });
    const modSeqs = (await db.prisma.localMessage.findMany({ where: { folderId: folder.id } })).map((m) => m.modSeq);
    expect(new Set(modSeqs).size).toBe(12);
    expect(modSeqs.every((m) => m > 12n && m <= folder.highestModSeq)).toBe(true);
    expect(folder.highestModSeq).toBe(24n); // 12 added, then 12 refreshed
  });

  it('without leave-a-copy the server is emptied after the download, and nothing comes twice', async () => {
    const { user, accountId } = await mailboxWith(6, 'pop3-nocopy');
    await createPop3Ledger(db.prisma).updateSettings(accountId, { leaveOnServer: false });
    expect(await checkPop3Account(accountId, fetcherFor(db.prisma, user))).toMatchObject({ stored: 6, removed: 6 });
    expect(await serverCount(user)).toBe(0);
    expect(await inbox(accountId)).toHaveLength(6);
  });

  it('removes from the server N days after the download (injected clock)', async () => {
    const { user, accountId } = await mailboxWith(3, 'pop3-days');
    const t0 = new Date('2026-12-01T08:00:00Z');
    await createPop3Ledger(db.prisma).updateSettings(accountId, { deleteAfterDays: 7 });
    const at = (ms: number) => fetcherFor(db.prisma, user, { now: () => new Date(t0.getTime() + ms) });
    await checkPop3Account(accountId, at(0));
    expect((await checkPop3Account(accountId, at(7 * DAY - 60_000))).removed).toBe(0);
    expect(await serverCount(user)).toBe(3);
    expect((await checkPop3Account(accountId, at(7 * DAY))).removed).toBe(3);
    expect(await serverCount(user)).toBe(0);
    expect(await inbox(accountId)).toHaveLength(3);
  });

  it('removes from the server what the user deleted from Trash, only when that option is on', async () => {
    const { user, accountId } = await mailboxWith(4, 'pop3-trash');
    const store = createLocalStore(db.prisma);
    await checkPop3Account(accountId, fetcherFor(db.prisma, user));
    await store.move(accountId, 'INBOX', [1, 2], 'Trash');
    await store.remove(accountId, 'Trash', [1]);
    expect((await checkPop3Account(accountId, fetcherFor(db.prisma, user))).removed).toBe(0);
    await createPop3Ledger(db.prisma).updateSettings(accountId, { deleteWhenTrashed: true });
    expect((await checkPop3Account(accountId, fetcherFor(db.prisma, user))).removed).toBe(1);
    expect(await serverCount(user)).toBe(3);
    // what was deleted locally is never downloaded again
    expect((await checkPop3Account(accountId, fetcherFor(db.prisma, user))).stored).toBe(0);
    expect((await store.folders(accountId)).map((f) => [f.path, f.total])).toEqual([
      ['Archive', 0],
      ['Drafts', 0],
      ['INBOX', 2],
      ['Junk', 0],
      ['Sent', 0],
      ['Trash', 1],
    ]);
  });

  it('two fetchers on two database connections racing over one maildrop store every message once', async () => {
    const { user, accountId } = await mailboxWith(120, 'pop3-race');
    const counts = await Promise.all([
      checkPop3Account(accountId, fetcherFor(db.prisma, user, { batchSize: 5 })),
      checkPop3Account(accountId, fetcherFor(db2.prisma, user, { batchSize: 5 })),
    ]);
    console.info(`pop3 race: fetcher A stored ${counts[0]!.stored}, fetcher B ${counts[1]!.stored}`);
    expect(counts[0]!.stored + counts[1]!.stored).toBe(120);
    const rows = await inbox(accountId);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.uid)).size).toBe(120);
    expect(await createPop3Ledger(db.prisma).countStored(accountId)).toBe(120);
  });

  it('a fetcher whose lease ran out while it downloaded stores nothing the rival already stored', async () => {
    const { user, accountId } = await mailboxWith(4, 'pop3-lease');
    let rival: Promise<unknown> | null = null;
    const slow = fetcherFor(db.prisma, user, {
      leaseMs: -1, // its claims are expired the moment they are made
      pauseAt: async (step) => {
        // between RETR and storing, another instance takes the same (expired) claims and stores them
        if (step === 'retrieved' && !rival) await (rival = checkPop3Account(accountId, fetcherFor(db2.prisma, user)));
      },
    });
    const slowResult = await checkPop3Account(accountId, slow);
    expect(await rival).toMatchObject({ stored: 4 });
    expect(slowResult.stored).toBe(0);
    expect(await inbox(accountId)).toHaveLength(4);
  });

  it('a server that goes away mid-download loses nothing and duplicates nothing', async () => {
    const { user, accountId } = await mailboxWith(20, 'pop3-drop');
    let stopped = false;
    const failed = await checkPop3Account(
      accountId,
      fetcherFor(db.prisma, user, {
        batchSize: 5,
        pauseAt: async (step) => {
          if (step === 'stored' && !stopped) {
            stopped = true;
            await stopDovecot();
          }
        },
      }),
    ).catch((e: unknown) => e);
    await startDovecot();
    expect(failed).toBeInstanceOf(Error);
    expect(await inbox(accountId)).toHaveLength(5);
    expect((await checkPop3Account(accountId, fetcherFor(db.prisma, user))).stored).toBe(15);
    expect(await inbox(accountId)).toHaveLength(20);
  });

  it('a message larger than the bound is skipped once, the rest arrive', async () => {
    const { user, accountId } = await mailboxWith(0, 'pop3-big');
    await appendMessage(user, 'INBOX', 'Subject: small\r\n\r\nhi\r\n');
    await appendMessage(user, 'INBOX', `Subject: big\r\n\r\n${'x'.repeat(5000)}\r\n`);
    const deps = fetcherFor(db.prisma, user, { maxMessageBytes: 2000 });
    expect(await checkPop3Account(accountId, deps)).toMatchObject({ stored: 1, skipped: 1 });
    expect(await checkPop3Account(accountId, deps)).toMatchObject({ stored: 0, skipped: 0 });
    expect((await inbox(accountId)).map((r) => r.subject)).toEqual(['small']);
  });
});
