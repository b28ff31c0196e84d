import { randomInt } from 'node:crypto';
import type { MailboxRole, MessageFlags, MessageSummary } from '@pigeon/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { toRow, type StoredSummary } from './local-summary.ts';

type Tx = Prisma.TransactionClient;

/** The folders every local store starts with (path, role); the user adds their own beside them. */
export const DEFAULT_FOLDERS: [string, MailboxRole][] = [
  ['INBOX', 'inbox'],
  ['Sent', 'sent'],
  ['Drafts', 'drafts'],
  ['Trash', 'trash'],
  ['Archive', 'archive'],
  ['Junk', 'junk'],
];

export interface LocalFolderInfo {
  id: string;
  path: string;
  role: MailboxRole | null;
  uidValidity: number;
  uidNext: number;
  highestModSeq: bigint;
  total: number;
  unread: number;
}

export interface LocalChanges {
  added: MessageSummary[];
  changed: { uid: number; flags: MessageFlags }[];
  removed: number[];
  highestModSeq: bigint;
  uidNext: number;
}

export interface NewLocalMessage {
  bodyId: string;
  summary: StoredSummary;
  date: Date;
  flags: string[];
}

/** IMAP system flags ↔ the shared MessageFlags (keywords are kept but not shown). */
export function flagsOf(stored: string[]): MessageFlags {
  const has = new Set(stored.map((f) => f.toLowerCase()));
  return {
    seen: has.has('\\seen'),
    flagged: has.has('\\flagged'),
    answered: has.has('\\answered'),
    draft: has.has('\\draft'),
  };
}

type Row = { uid: number; flags: string[]; summary: unknown };
const toSummary = (r: Row): MessageSummary => toRow(r.summary as StoredSummary, r.uid, flagsOf(r.flags));

/** Pigeon's own message store (decision 019): local folders with IMAP-style UIDs, flags and modification sequences. */
export function createLocalStore(prisma: PrismaClient) {
  const folder = async (accountId: string, path: string) => {
    const f = await prisma.localFolder.findUnique({ where: { accountId_path: { accountId, path } } });
    if (!f) throw new LocalFolderMissing(path);
    return f;
  };

  return {
    /** Creates the default folders that are missing; idempotent and safe to race. */
    async ensureFolders(accountId: string): Promise<void> {
      await prisma.localFolder.createMany({
        data: DEFAULT_FOLDERS.map(([path, role]) => ({
          accountId,
          path,
          role,
          uidValidity: randomInt(1, 2 ** 31 - 1),
        })),
        skipDuplicates: true,
      });
    },

    async createFolder(accountId: string, path: string): Promise<void> {
      await prisma.localFolder.create({ data: { accountId, path, uidValidity: randomInt(1, 2 ** 31 - 1) } });
    },

    async folders(accountId: string): Promise<LocalFolderInfo[]> {
      const rows = await prisma.localFolder.findMany({ where: { accountId }, orderBy: { path: 'asc' } });
      const counts = await prisma.$queryRaw<{ folderId: string; total: bigint; unread: bigint }[]>`
        SELECT m."folderId", count(*) AS total, count(*) FILTER (WHERE NOT ('\\Seen' = ANY(m.flags))) AS unread
        FROM "LocalMessage" m JOIN "LocalFolder" f ON f.id = m."folderId"
        WHERE f."accountId" = ${accountId}::uuid GROUP BY m."folderId"`;
      const byId = new Map(counts.map((c) => [c.folderId, c]));
      return rows.map((f) => ({
        id: f.id,
        path: f.path,
        role: (f.role as MailboxRole | null) ?? null,
        uidValidity: f.uidValidity,
        uidNext: f.uidNext,
        highestModSeq: f.highestModSeq,
        total: Number(byId.get(f.id)?.total ?? 0),
        unread: Number(byId.get(f.id)?.unread ?? 0),
      }));
    },

    /** Newest first (by UID), `before` an exclusive UID anchor, as the IMAP list pages. */
    async page(accountId: string, path: string, o: { before?: number; limit: number }): Promise<MessageSummary[]> {
      const f = await folder(accountId, path);
      const rows = await prisma.localMessage.findMany({
        where: { folderId: f.id, ...(o.before ? { uid: { lt: o.before } } : {}) },
        orderBy: { uid: 'desc' },
        take: o.limit,
        select: { uid: true, flags: true, summary: true },
      });
      return rows.map(toSummary);
    },

    /** What changed after `sinceModSeq`; UIDs at or past `sinceUidNext` are new, older ones changed flags. */
    async changesSince(
      accountId: string,
      path: string,
      sinceModSeq: bigint,
      sinceUidNext: number,
    ): Promise<LocalChanges> {
      const f = await folder(accountId, path);
      const [rows, removals] = await Promise.all([
        prisma.localMessage.findMany({
          where: { folderId: f.id, modSeq: { gt: sinceModSeq } },
          orderBy: { uid: 'asc' },
          select: { uid: true, flags: true, summary: true },
        }),
        prisma.localRemoval.findMany({ where: { folderId: f.id, modSeq: { gt: sinceModSeq } }, select: { uid: true } }),
      ]);
      return {
        added: rows.filter((r) => r.uid >= sinceUidNext).map(toSummary),
        changed: rows.filter((r) => r.uid < sinceUidNext).map((r) => ({ uid: r.uid, flags: flagsOf(r.flags) })),
        removed: removals.map((r) => r.uid).filter((uid) => uid < sinceUidNext),
        highestModSeq: f.highestModSeq,
        uidNext: f.uidNext,
      };
    },

    /** The message as downloaded; null when the UID is unknown or only its headers are stored yet. */
    async readRaw(accountId: string, path: string, uid: number): Promise<Buffer | null> {
      const f = await folder(accountId, path);
      const m = await prisma.localMessage.findUnique({
        where: { folderId_uid: { folderId: f.id, uid } },
        select: { body: { select: { raw: true } } },
      });
      return m?.body.raw ? Buffer.from(m.body.raw) : null;
    },

    /** One message's flags and list row, or null when the UID is unknown. */
    async message(
      accountId: string,
      path: string,
      uid: number,
    ): Promise<{ flags: string[]; summary: MessageSummary; uidValidity: number } | null> {
      const f = await folder(accountId, path);
      const m = await prisma.localMessage.findUnique({
        where: { folderId_uid: { folderId: f.id, uid } },
        select: { uid: true, flags: true, summary: true },
      });
      return m ? { flags: m.flags, summary: toSummary(m), uidValidity: f.uidValidity } : null;
    },

    /** The path of the folder with `role` (the default folders always have one). */
    async pathOf(accountId: string, role: MailboxRole): Promise<string> {
      const f = await prisma.localFolder.findFirst({ where: { accountId, role }, select: { path: true } });
      if (!f) throw new LocalFolderMissing(role);
      return f.path;
    },

    /**
     * UIDs whose header block holds `needle` (case-insensitive, bytes read as Latin-1): a cheap first pass in the
     * database; the caller parses the candidates' headers to match a field.
     */
    async headerCandidates(
      accountId: string,
      path: string,
      needle: string,
    ): Promise<{ uid: number; headers: Buffer }[]> {
      const f = await folder(accountId, path);
      const rows = await prisma.$queryRaw<{ uid: number; headers: Uint8Array }[]>`
        SELECT m.uid, b.headers FROM "LocalMessage" m JOIN "LocalBody" b ON b.id = m."bodyId"
        WHERE m."folderId" = ${f.id}::uuid
          AND CASE WHEN position('\\x00'::bytea IN b.headers) = 0
            THEN strpos(lower(convert_from(b.headers, 'LATIN1')), lower(${needle})) > 0
            ELSE position(${new Uint8Array(Buffer.from(needle, 'utf8'))} IN b.headers) > 0 END
        ORDER BY m.uid ASC LIMIT 1000`;
      return rows.map((r) => ({ uid: r.uid, headers: Buffer.from(r.headers) }));
    },

    /** Files a complete message (a Sent copy, a draft) in a folder; answers its UID. */
    async append(
      accountId: string,
      path: string,
      m: { raw: Buffer; headers: Buffer; summary: StoredSummary; date: Date; flags: string[]; text: string | null },
    ): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const f = await lockFolder(tx, accountId, path);
        const body = await tx.localBody.create({
          data: {
            accountId,
            raw: new Uint8Array(m.raw),
            headers: new Uint8Array(m.headers),
            size: m.raw.length,
            text: m.text,
          },
          select: { id: true },
        });
        const [uid] = await insertMessages(tx, f.id, [
          { bodyId: body.id, summary: m.summary, date: m.date, flags: m.flags },
        ]);
        return uid!;
      });
    },

    /** Bodies of the account whose search text was never computed (stored before it was kept), oldest first. */
    async bodiesWithoutText(accountId: string, limit: number): Promise<{ id: string; raw: Buffer }[]> {
      const rows = await prisma.localBody.findMany({
        where: { accountId, text: null, raw: { not: null } },
        select: { id: true, raw: true },
        orderBy: { createdAt: 'asc' },
        take: limit,
      });
      return rows.map((r) => ({ id: r.id, raw: Buffer.from(r.raw!) }));
    },

    /** Stores computed search texts ('' for a message without text, so it is not parsed again). */
    async setTexts(items: { id: string; text: string }[]): Promise<void> {
      if (items.length === 0) return;
      const ids = items.map((i) => i.id);
      const texts = items.map((i) => i.text);
      await prisma.$executeRaw`
        UPDATE "LocalBody" b SET text = v.text FROM unnest(${ids}::uuid[], ${texts}::text[]) AS v(id, text)
        WHERE b.id = v.id AND b.text IS NULL`;
    },

    /** Adds and removes flags on the UIDs; each changed message takes the folder's next modification sequence. */
    async setFlags(accountId: string, path: string, uids: number[], add: string[], remove: string[]): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const f = await lockFolder(tx, accountId, path);
        const rows = await tx.localMessage.findMany({ where: { folderId: f.id, uid: { in: uids } } });
        let modSeq = f.highestModSeq;
        let changed = 0;
        for (const r of rows) {
          const drop = new Set(remove.map((x) => x.toLowerCase()));
          const next = [...new Set([...r.flags.filter((x) => !drop.has(x.toLowerCase())), ...add])];
          if (next.length === r.flags.length && next.every((x) => r.flags.includes(x))) continue;
          modSeq += 1n;
          changed++;
          await tx.localMessage.update({ where: { id: r.id }, data: { flags: next, modSeq } });
        }
        if (changed) await tx.localFolder.update({ where: { id: f.id }, data: { highestModSeq: modSeq } });
        return changed;
      });
    },

    /** The current flags of UIDs (after a change, for the other devices). */
    async changedFlags(
      accountId: string,
      path: string,
      uids: number[],
    ): Promise<{ uid: number; flags: MessageFlags }[]> {
      const f = await folder(accountId, path);
      const rows = await prisma.localMessage.findMany({
        where: { folderId: f.id, uid: { in: uids } },
        orderBy: { uid: 'asc' },
        select: { uid: true, flags: true },
      });
      return rows.map((r) => ({ uid: r.uid, flags: flagsOf(r.flags) }));
    },

    /** Moves UIDs to another folder (new UIDs there, removals here); answers the UIDs moved and their new UIDs. */
    async move(
      accountId: string,
      from: string,
      uids: number[],
      to: string,
    ): Promise<{ moved: number[]; added: number[] }> {
      return prisma.$transaction(async (tx) => {
        const src = await lockFolder(tx, accountId, from);
        const rows = await tx.localMessage.findMany({
          where: { folderId: src.id, uid: { in: uids } },
          orderBy: { uid: 'asc' },
        });
        const dest = await lockFolder(tx, accountId, to);
        const added = await insertMessages(
          tx,
          dest.id,
          rows.map((r) => ({ bodyId: r.bodyId, summary: r.summary as StoredSummary, date: r.date, flags: r.flags })),
        );
        const moved = rows.map((r) => r.uid);
        await expunge(tx, src.id, moved);
        return { moved, added };
      });
    },

    /**
     * Removes UIDs for good; bodies no other folder holds are deleted. Removing from Trash marks the POP3 ledger
     * (the next check removes them from the server when the account says so).
     */
    async remove(accountId: string, path: string, uids: number[]): Promise<number[]> {
      return prisma.$transaction(async (tx) => {
        const f = await lockFolder(tx, accountId, path);
        const rows = await tx.localMessage.findMany({
          where: { folderId: f.id, uid: { in: uids } },
          select: { uid: true, bodyId: true },
        });
        await expunge(
          tx,
          f.id,
          rows.map((r) => r.uid),
        );
        const bodyIds = rows.map((r) => r.bodyId);
        const kept = new Set(
          (await tx.localMessage.findMany({ where: { bodyId: { in: bodyIds } }, select: { bodyId: true } })).map(
            (r) => r.bodyId,
          ),
        );
        const orphans = bodyIds.filter((id) => !kept.has(id));
        if (f.role === 'trash' && orphans.length)
          await tx.pop3Download.updateMany({
            where: { accountId, bodyId: { in: orphans } },
            data: { removeFromServer: true },
          });
        // the ledger row stays (its UIDL must never be downloaded again); only the bytes go
        await tx.localBody.deleteMany({ where: { id: { in: orphans } } });
        return rows.map((r) => r.uid);
      });
    },
  };
}

export type LocalStore = ReturnType<typeof createLocalStore>;

export class LocalFolderMissing extends Error {
  constructor(readonly path: string) {
    super(`no local folder ${JSON.stringify(path)}`);
    this.name = 'LocalFolderMissing';
  }
}

/** The folder row, locked for this transaction (UIDs and modification sequences are handed out under it). */
export async function lockFolder(tx: Tx, accountId: string, path: string) {
  const [row] = await tx.$queryRaw<{ id: string; role: string | null; uidNext: number; highestModSeq: bigint }[]>`
    SELECT id, role, "uidNext", "highestModSeq" FROM "LocalFolder"
    WHERE "accountId" = ${accountId}::uuid AND path = ${path} FOR UPDATE`;
  if (!row) throw new LocalFolderMissing(path);
  return row;
}

/** Appends messages to a folder locked by `lockFolder` in the same transaction; answers their UIDs. */
export async function insertMessages(tx: Tx, folderId: string, messages: NewLocalMessage[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const f = await tx.localFolder.update({
    where: { id: folderId },
    data: { uidNext: { increment: messages.length }, highestModSeq: { increment: messages.length } },
  });
  const firstUid = f.uidNext - messages.length;
  const firstModSeq = f.highestModSeq - BigInt(messages.length) + 1n;
  await tx.localMessage.createMany({
    data: messages.map((m, i) => ({
      folderId,
      uid: firstUid + i,
      modSeq: firstModSeq + BigInt(i),
      flags: m.flags,
      bodyId: m.bodyId,
      summary: m.summary as unknown as Prisma.InputJsonValue,
      date: m.date,
    })),
  });
  return messages.map((_, i) => firstUid + i);
}

async function expunge(tx: Tx, folderId: string, uids: number[]): Promise<void> {
  if (uids.length === 0) return;
  const f = await tx.localFolder.update({ where: { id: folderId }, data: { highestModSeq: { increment: 1 } } });
  await tx.localMessage.deleteMany({ where: { folderId, uid: { in: uids } } });
  await tx.localRemoval.createMany({
    data: uids.map((uid) => ({ folderId, uid, modSeq: f.highestModSeq })),
    skipDuplicates: true,
  });
}
