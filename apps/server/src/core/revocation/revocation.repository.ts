import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Session rows as revocation needs them: which still count, and which ran out. */
export interface RevocationRepository {
  /** ids of the user's sessions that have not expired */
  validSessionIds(userId: string, now: Date): Promise<Set<string>>;
  /** deletes expired sessions; returns the users they belonged to */
  deleteExpired(now: Date): Promise<string[]>;
  /** ids of the user's accounts that still exist (an added one may have been removed on another instance) */
  accountIds(userId: string): Promise<Set<string>>;
}

export function createRevocationRepository(prisma: PrismaClient): RevocationRepository {
  return {
    async validSessionIds(userId, now) {
      const rows = await prisma.session.findMany({
        where: { userId, expiresAt: { gt: now } },
        select: { id: true },
      });
      return new Set(rows.map((r) => r.id));
    },

    async deleteExpired(now) {
      const rows = await prisma.session.findMany({
        where: { expiresAt: { lte: now } },
        select: { id: true, userId: true },
      });
      if (!rows.length) return [];
      await prisma.session.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return [...new Set(rows.map((r) => r.userId))];
    },

    async accountIds(userId) {
      const rows = await prisma.account.findMany({ where: { userId }, select: { id: true } });
      return new Set(rows.map((r) => r.id));
    },
  };
}
