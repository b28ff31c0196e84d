import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ServerEndpoint, TlsMode } from '../autoconfig/server-url.ts';

/** A session row as the auth feature sees it: no Prisma types leak out. */
export interface StoredSession {
  id: string;
  userId: string;
  email: string;
  secretHash: string;
  encryptedPassword: Uint8Array;
  login: string;
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  lastSeenAt: Date;
  expiresAt: Date;
}

export type NewSession = Omit<StoredSession, 'email' | 'lastSeenAt'> & {
  userAgent: string | null;
  ip: string | null;
  now: Date;
};

export interface AuthRepository {
  /** the user with this (lower-case) address, created on first sign-in */
  upsertUser(email: string, now: Date): Promise<{ id: string; email: string }>;
  insertSession(s: NewSession): Promise<void>;
  findSession(id: string): Promise<StoredSession | null>;
  /** last seen now, from `ip` when known */
  touchSession(id: string, now: Date, ip?: string | null): Promise<void>;
  /** true when a row was deleted */
  deleteSession(id: string): Promise<boolean>;
  deleteExpiredSessions(now: Date): Promise<number>;
  /** the user's sessions that have not expired */
  countSessions(userId: string, now: Date): Promise<number>;
  /** every session of the user except `keep`; returns how many were deleted */
  deleteOtherSessions(userId: string, keep: string | null): Promise<number>;
  /** stores the tag of the password just accepted; returns the one stored before (null: none yet) */
  swapPasswordTag(userId: string, tag: number): Promise<number | null>;
}

const TLS_MODES: readonly string[] = ['tls', 'starttls', 'none'] satisfies TlsMode[];
const tlsMode = (v: string): TlsMode => {
  if (!TLS_MODES.includes(v)) throw new Error(`session row has an unknown TLS mode ${JSON.stringify(v)}`);
  return v as TlsMode;
};

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

    async insertSession(s) {
      await prisma.session.create({
        data: {
          id: s.id,
          userId: s.userId,
          secretHash: s.secretHash,
          encryptedPassword: Uint8Array.from(s.encryptedPassword),
          login: s.login,
          imapHost: s.imap.host,
          imapPort: s.imap.port,
          imapTls: s.imap.tls,
          smtpHost: s.smtp.host,
          smtpPort: s.smtp.port,
          smtpTls: s.smtp.tls,
          imapAddress: s.imap.address ?? null,
          smtpAddress: s.smtp.address ?? null,
          userAgent: s.userAgent,
          lastIp: s.ip,
          createdAt: s.now,
          lastSeenAt: s.now,
          expiresAt: s.expiresAt,
        },
      });
    },

    async findSession(id) {
      const row = await prisma.session.findUnique({ where: { id }, include: { user: { select: { email: true } } } });
      if (!row) return null;
      return {
        id: row.id,
        userId: row.userId,
        email: row.user.email,
        secretHash: row.secretHash,
        encryptedPassword: row.encryptedPassword,
        login: row.login,
        imap: endpoint(row.imapHost, row.imapPort, row.imapTls, row.imapAddress),
        smtp: endpoint(row.smtpHost, row.smtpPort, row.smtpTls, row.smtpAddress),
        lastSeenAt: row.lastSeenAt,
        expiresAt: row.expiresAt,
      };
    },

    async touchSession(id, now, ip) {
      await prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now, ...(ip ? { lastIp: ip } : {}) } });
    },

    async deleteSession(id) {
      const { count } = await prisma.session.deleteMany({ where: { id } });
      return count > 0;
    },

    async deleteExpiredSessions(now) {
      const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
      return count;
    },

    async countSessions(userId, now) {
      return prisma.session.count({ where: { userId, expiresAt: { gt: now } } });
    },

    async deleteOtherSessions(userId, keep) {
      const { count } = await prisma.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
      return count;
    },

    async swapPasswordTag(userId, tag) {
      return prisma.$transaction(async (tx) => {
        const before = await tx.user.findUnique({ where: { id: userId }, select: { passwordTag: true } });
        await tx.user.update({ where: { id: userId }, data: { passwordTag: tag } });
        return before?.passwordTag ?? null;
      });
    },
  };
}

// a stored guard-approved address pins later connections to it (no second DNS lookup)
function endpoint(host: string, port: number, tls: string, address: string | null): ServerEndpoint {
  return { host, port, tls: tlsMode(tls), ...(address ? { address } : {}) };
}
