import type { PrismaClient } from '../../generated/prisma/client.ts';
import { LocalFolderMissing } from './local-store.repository.ts';
import type { StoredSummary } from './local-summary.ts';

/** Folder management of Pigeon's own store (decision 035): the user's folders beside the default ones. */
export function createLocalFolders(prisma: PrismaClient) {
  return {
    /**
     * Renames `from` and every folder below it to `to` (same delimiter), in one transaction; UIDs, UIDVALIDITY and
     * messages stay with each folder, as an IMAP RENAME keeps them.
     */
    async rename(accountId: string, from: string, to: string, subtree: readonly string[]): Promise<void> {
      await prisma.$transaction(async (tx) => {
        // deepest first never collides: the new paths are all new (planUpdate checked `to` does not exist)
        for (const path of subtree) {
          const moved = await tx.localFolder.updateMany({
            where: { accountId, path },
            data: { path: `${to}${path.slice(from.length)}` },
          });
          if (moved.count === 0) throw new LocalFolderMissing(path);
        }
      });
    },

    /** Deletes folders with their messages; bodies no other folder holds go too (their POP3 ledger rows stay). */
    async remove(accountId: string, paths: readonly string[]): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const folders = await tx.localFolder.findMany({
          where: { accountId, path: { in: [...paths] } },
          select: { id: true },
        });
        const ids = folders.map((f) => f.id);
        const bodyIds = (
          await tx.localMessage.findMany({ where: { folderId: { in: ids } }, select: { bodyId: true } })
        ).map((m) => m.bodyId);
        await tx.localMessage.deleteMany({ where: { folderId: { in: ids } } });
        await tx.localFolder.deleteMany({ where: { id: { in: ids } } });
        const kept = new Set(
          (await tx.localMessage.findMany({ where: { bodyId: { in: bodyIds } }, select: { bodyId: true } })).map(
            (m) => m.bodyId,
          ),
        );
        await tx.localBody.deleteMany({ where: { id: { in: bodyIds.filter((id) => !kept.has(id)) } } });
      });
    },

    /** Every UID of a folder (for "empty" and "mark all read"). */
    async uids(accountId: string, path: string): Promise<number[]> {
      const f = await prisma.localFolder.findUnique({
        where: { accountId_path: { accountId, path } },
        select: { id: true },
      });
      if (!f) throw new LocalFolderMissing(path);
      const rows = await prisma.localMessage.findMany({ where: { folderId: f.id }, select: { uid: true } });
      return rows.map((r) => r.uid);
    },

    /** Message count and stored bytes of every folder of the account (a message only listed counts its reported size). */
    async sizes(accountId: string): Promise<{ path: string; messages: number; bytes: number }[]> {
      const rows = await prisma.$queryRaw<{ path: string; messages: bigint; bytes: bigint | null }[]>`
        SELECT f.path, count(m.id) AS messages, sum(b.size) AS bytes
        FROM "LocalFolder" f LEFT JOIN "LocalMessage" m ON m."folderId" = f.id
          LEFT JOIN "LocalBody" b ON b.id = m."bodyId"
        WHERE f."accountId" = ${accountId}::uuid GROUP BY f.path`;
      return rows.map((r) => ({ path: r.path, messages: Number(r.messages), bytes: Number(r.bytes ?? 0) }));
    },

    /** The `limit` largest messages of one folder or of all (by stored size), largest first; with their bytes. */
    async largest(
      accountId: string,
      path: string | undefined,
      limit: number,
    ): Promise<{ path: string; uid: number; size: number; summary: StoredSummary; raw: Buffer | null }[]> {
      const rows = await prisma.$queryRaw<
        { path: string; uid: number; size: number; summary: unknown; hasRaw: boolean; bodyId: string }[]
      >`
        SELECT f.path, m.uid, b.size, m.summary, b.raw IS NOT NULL AS "hasRaw", b.id AS "bodyId"
        FROM "LocalMessage" m JOIN "LocalFolder" f ON f.id = m."folderId" JOIN "LocalBody" b ON b.id = m."bodyId"
        WHERE f."accountId" = ${accountId}::uuid AND (${path ?? null}::text IS NULL OR f.path = ${path ?? null})
        ORDER BY b.size DESC, m.uid DESC LIMIT ${limit}`;
      // the bytes only of rows stored before attachmentBytes was kept (and that have attachments)
      const need = rows.filter((r) => {
        const s = r.summary as StoredSummary;
        return r.hasRaw && s.attachmentBytes === undefined && s.hasAttachments;
      });
      const raws = new Map(
        (
          await prisma.localBody.findMany({
            where: { id: { in: need.map((r) => r.bodyId) } },
            select: { id: true, raw: true },
          })
        ).map((b) => [b.id, b.raw ? Buffer.from(b.raw) : null]),
      );
      return rows.map((r) => ({
        path: r.path,
        uid: r.uid,
        size: r.size,
        summary: r.summary as StoredSummary,
        raw: raws.get(r.bodyId) ?? null,
      }));
    },
  };
}

export type LocalFolders = ReturnType<typeof createLocalFolders>;
