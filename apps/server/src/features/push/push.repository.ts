import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { PushLocale } from '@pigeon/shared';

/** One device's subscription, as the sender needs it. */
export interface PushTarget {
  sessionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  showContent: boolean;
  locale: PushLocale;
}

export interface PushRepository {
  /** the subscription of one device (session) of the user */
  get(userId: string, sessionId: string): Promise<PushTarget | null>;
  /** subscribes the device, or replaces its subscription and choices */
  put(userId: string, target: PushTarget): Promise<void>;
  /** true when the device had one */
  remove(userId: string, sessionId: string): Promise<boolean>;
  /** every subscribed device of the user whose session has not expired */
  ofUser(userId: string, now: Date): Promise<PushTarget[]>;
  /** the push service said the subscription is gone (404/410): only if it is still that endpoint */
  removeGone(sessionId: string, endpoint: string): Promise<void>;
  hasAny(userId: string, now: Date): Promise<boolean>;
}

const select = { sessionId: true, endpoint: true, p256dh: true, auth: true, showContent: true, locale: true } as const;
const asTarget = (row: Omit<PushTarget, 'locale'> & { locale: string }): PushTarget => ({
  ...row,
  locale: row.locale === 'ko' ? 'ko' : 'en',
});

export function createPushRepository(prisma: PrismaClient): PushRepository {
  return {
    async get(userId, sessionId) {
      const row = await prisma.pushSubscription.findFirst({ where: { sessionId, userId }, select });
      return row ? asTarget(row) : null;
    },

    async put(userId, t) {
      const data = {
        endpoint: t.endpoint,
        p256dh: t.p256dh,
        auth: t.auth,
        showContent: t.showContent,
        locale: t.locale,
      };
      await prisma.pushSubscription.upsert({
        where: { sessionId: t.sessionId },
        create: { sessionId: t.sessionId, userId, ...data },
        update: data,
      });
    },

    async remove(userId, sessionId) {
      const { count } = await prisma.pushSubscription.deleteMany({ where: { sessionId, userId } });
      return count > 0;
    },

    async ofUser(userId, now) {
      const rows = await prisma.pushSubscription.findMany({
        where: { userId, session: { expiresAt: { gt: now } } },
        select,
      });
      return rows.map(asTarget);
    },

    async removeGone(sessionId, endpoint) {
      await prisma.pushSubscription.deleteMany({ where: { sessionId, endpoint } });
    },

    async hasAny(userId, now) {
      const n = await prisma.pushSubscription.count({ where: { userId, session: { expiresAt: { gt: now } } } });
      return n > 0;
    },
  };
}
