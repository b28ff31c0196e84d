import type { PrismaClient } from '../../generated/prisma/client.ts';

/** A session row as the devices page needs it: no secrets. */
export interface DeviceRow {
  sessionId: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface DevicesRepository {
  /** the user's unexpired sessions, most recently seen first */
  sessionsOf(userId: string, now: Date): Promise<DeviceRow[]>;
  /** deletes one session of the user; true when it existed */
  deleteSession(userId: string, sessionId: string): Promise<boolean>;
  /** deletes every session of the user except `keep`; returns how many */
  deleteOthers(userId: string, keep: string): Promise<number>;
  /** marks sessions with an open socket as seen now (one UPDATE per call) */
  touch(sessionIds: string[], now: Date): Promise<void>;
}

export function createDevicesRepository(prisma: PrismaClient): DevicesRepository {
  return {
    async sessionsOf(userId, now) {
      const rows = await prisma.session.findMany({
        where: { userId, expiresAt: { gt: now } },
        orderBy: { lastSeenAt: 'desc' },
        select: { id: true, userAgent: true, lastIp: true, createdAt: true, lastSeenAt: true },
      });
      return rows.map((r) => ({
        sessionId: r.id,
        userAgent: r.userAgent,
        ip: r.lastIp,
        createdAt: r.createdAt,
        lastSeenAt: r.lastSeenAt,
      }));
    },

    async deleteSession(userId, sessionId) {
      const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
      return count > 0;
    },

    async deleteOthers(userId, keep) {
      const { count } = await prisma.session.deleteMany({ where: { userId, id: { not: keep } } });
      return count;
    },

    async touch(sessionIds, now) {
      if (!sessionIds.length) return;
      await prisma.session.updateMany({ where: { id: { in: sessionIds } }, data: { lastSeenAt: now } });
    },
  };
}
