import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Users and the counting/clean-up of their sessions as sign-in needs them; no Prisma types leak out. */
export interface AuthRepository {
  /** the user with this (lower-case) address, created on first sign-in */
  upsertUser(email: string, now: Date): Promise<{ id: string; email: string }>;
  /** the user's sessions that have not expired */
  countSessions(userId: string, now: Date): Promise<number>;
  /** every session of the user except `keep`; returns how many were deleted */
  deleteOtherSessions(userId: string, keep: string | null): Promise<number>;
}

export function createAuthRepository(prisma: PrismaClient): AuthRepository {
  return {
    async upsertUser(email, now) {
      const user = await prisma.user.upsert({
        where: { email },
        create: { email, createdAt: now, lastSignInAt: now },
        update: { lastSignInAt: now },
        select: { id: true, email: true },
      });
      return user;
    },

    async countSessions(userId, now) {
      return prisma.session.count({ where: { userId, expiresAt: { gt: now } } });
    },

    async deleteOtherSessions(userId, keep) {
      const { count } = await prisma.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
      return count;
    },
  };
}
