import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ComposeFile } from './mime.ts';
import { isUploadId } from './message-parts.ts';

export interface StoredUpload extends ComposeFile {
  id: string;
  size: number;
}

/** Uploaded attachments of messages being written (the bytes live here until their message is sent). */
export interface ComposeRepository {
  insert(userId: string, file: ComposeFile): Promise<StoredUpload>;
  /** the user's uploads with these ids (others' ids are simply not found) */
  find(userId: string, ids: string[]): Promise<StoredUpload[]>;
  remove(userId: string, ids: string[]): Promise<number>;
  /** bytes of all the user's uploads */
  usedBytes(userId: string): Promise<number>;
  /** uploads older than `before` that no queued message refers to (abandoned composers) */
  removeStale(before: Date): Promise<number>;
}

export function createComposeRepository(prisma: PrismaClient): ComposeRepository {
  return {
    async insert(userId, file) {
      const row = await prisma.composeAttachment.create({
        data: {
          userId,
          filename: file.filename,
          contentType: file.contentType,
          size: file.content.length,
          content: Uint8Array.from(file.content),
        },
        select: { id: true, size: true },
      });
      return { ...file, id: row.id, size: row.size };
    },

    async find(userId, ids) {
      ids = ids.filter(isUploadId);
      if (ids.length === 0) return [];
      const rows = await prisma.composeAttachment.findMany({ where: { userId, id: { in: ids } } });
      return rows.map((r) => ({
        id: r.id,
        filename: r.filename,
        contentType: r.contentType,
        size: r.size,
        content: Buffer.from(r.content),
      }));
    },

    async remove(userId, ids) {
      ids = ids.filter(isUploadId);
      if (ids.length === 0) return 0;
      const { count } = await prisma.composeAttachment.deleteMany({ where: { userId, id: { in: ids } } });
      return count;
    },

    async usedBytes(userId) {
      const { _sum } = await prisma.composeAttachment.aggregate({ where: { userId }, _sum: { size: true } });
      return _sum.size ?? 0;
    },

    async removeStale(before) {
      const queued = await prisma.outboxMessage.findMany({
        where: { state: { not: 'sent' } },
        select: { draft: true },
      });
      const keep = new Set(
        queued.flatMap((q) => ((q.draft as { attachments?: { id: string }[] }).attachments ?? []).map((a) => a.id)),
      );
      const { count } = await prisma.composeAttachment.deleteMany({
        where: { createdAt: { lt: before }, id: { notIn: [...keep] } },
      });
      return count;
    },
  };
}
