import type { PrismaClient } from '../../generated/prisma/client.ts';
import { notifyRevoked } from '../../core/revocation/revocation-channel.ts';

/** A signed-in browser as an admin sees it: no secrets, no password material. */
export interface SessionSummary {
  id: string;
  email: string;
  userAgent: string | null;
  /** the incoming server of the user's primary account */
  mailHost: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface DiscoveredSummary {
  domain: string;
  source: string;
  imap: string;
  smtp: string;
  verifiedAt: Date;
}

/** Operator queries: the admin CLI and the metrics gauges. */
export interface AdminRepository {
  /** unexpired sessions, newest activity first; only `email`'s when given */
  activeSessions(now: Date, email?: string): Promise<SessionSummary[]>;
  /** deletes every session of `email` and tells every running instance to close their sockets; returns the deleted ids */
  deleteSessionsOf(email: string): Promise<string[]>;
  countSignedInUsers(now: Date): Promise<number>;
  /** outbox rows not yet finished (scheduled, sending, retrying) */
  outboxDepth(): Promise<number>;
  discovered(): Promise<DiscoveredSummary[]>;
  /** one domain, or every domain when none is given; returns how many were removed */
  clearDiscovered(domain?: string): Promise<number>;
}

export function createAdminRepository(db: PrismaClient): AdminRepository {
  return {
    async activeSessions(now, email) {
      const rows = await db.session.findMany({
        where: { expiresAt: { gt: now }, ...(email ? { user: { email: email.toLowerCase() } } : {}) },
        orderBy: { lastSeenAt: 'desc' },
        select: {
          id: true,
          userAgent: true,
          createdAt: true,
          lastSeenAt: true,
          expiresAt: true,
          user: {
            select: { email: true, accounts: { where: { isPrimary: true }, select: { incomingHost: true } } },
          },
        },
      });
      return rows.map(({ user, ...r }) => ({
        ...r,
        email: user.email,
        mailHost: user.accounts[0]?.incomingHost ?? '-',
      }));
    },

    async deleteSessionsOf(email) {
      return db.$transaction(async (tx) => {
        const rows = await tx.session.findMany({
          where: { user: { email: email.toLowerCase() } },
          select: { id: true, userId: true },
        });
        await tx.session.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
        // delivered on commit, to every instance's LISTEN connection: they close the sockets and mail connections
        await notifyRevoked(
          tx,
          rows.map((r) => r.userId),
        );
        return rows.map((r) => r.id);
      });
    },

    async countSignedInUsers(now) {
      const rows = await db.session.groupBy({ by: ['userId'], where: { expiresAt: { gt: now } } });
      return rows.length;
    },

    outboxDepth: () => db.outboxMessage.count({ where: { state: { in: ['scheduled', 'sending', 'retrying'] } } }),

    async discovered() {
      const rows = await db.discoveredServers.findMany({ orderBy: { domain: 'asc' } });
      return rows.map((r) => ({
        domain: r.domain,
        source: r.source,
        imap: `${r.imapHost}:${r.imapPort} (${r.imapTls})`,
        smtp: `${r.smtpHost}:${r.smtpPort} (${r.smtpTls})`,
        verifiedAt: r.verifiedAt,
      }));
    },

    async clearDiscovered(domain) {
      const { count } = await db.discoveredServers.deleteMany({
        where: domain ? { domain: domain.toLowerCase() } : {},
      });
      return count;
    },
  };
}
