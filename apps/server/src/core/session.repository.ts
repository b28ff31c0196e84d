import type { PrismaClient } from '../generated/prisma/client.ts';
import type { MailAccount, MailProtocol } from './auth.types.ts';
import type { ServerEndpoint, TlsMode } from './net/server-endpoint.ts';

/** An account as stored: everything but the password. */
export type StoredAccount = Omit<MailAccount, 'password'> & { isPrimary: boolean };

/** A session row with its sealed copies of its accounts' passwords: no Prisma types leak out. */
export interface StoredSession {
  id: string;
  userId: string;
  email: string;
  secretHash: string;
  /** the primary account first */
  passwords: { account: StoredAccount; sealed: Uint8Array }[];
  /** the user's added accounts this session holds no copy of yet, sealed in the user's vault (decision 034) */
  vault: { account: StoredAccount; sealed: Uint8Array }[];
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  id: string;
  userId: string;
  secretHash: string;
  passwords: { accountId: string; sealed: Uint8Array }[];
  userAgent: string | null;
  ip: string | null;
  now: Date;
  expiresAt: Date;
}

/** Session rows as the session store needs them (core/session-store.ts). */
export interface SessionRepository {
  /** the session and its sealed passwords, in one transaction */
  insertSession(s: NewSession): Promise<void>;
  findSession(id: string): Promise<StoredSession | null>;
  /** last seen now, from `ip` when known */
  touchSession(id: string, now: Date, ip?: string | null): Promise<void>;
  /** true when a row was deleted */
  deleteSession(id: string): Promise<boolean>;
  /** stores (or replaces) this session's sealed copies of accounts' passwords */
  addPasswords(sessionId: string, passwords: { accountId: string; sealed: Uint8Array }[]): Promise<void>;
  /** stores the tag of the password just accepted for the account; returns the one stored before (null: none yet) */
  swapPasswordTag(accountId: string, tag: number): Promise<number | null>;
}

const TLS_MODES: readonly string[] = ['tls', 'starttls', 'none'] satisfies TlsMode[];
const tlsMode = (v: string): TlsMode => {
  if (!TLS_MODES.includes(v)) throw new Error(`account row has an unknown TLS mode ${JSON.stringify(v)}`);
  return v as TlsMode;
};
const protocolOf = (v: string): MailProtocol => {
  if (v !== 'imap' && v !== 'pop3') throw new Error(`account row has an unknown protocol ${JSON.stringify(v)}`);
  return v;
};

// a stored guard-approved address pins later connections to it (no second DNS lookup)
function endpoint(host: string, port: number, tls: string, address: string | null): ServerEndpoint {
  return { host, port, tls: tlsMode(tls), ...(address ? { address } : {}) };
}

/** The Account row's columns as the StoredAccount every layer uses. */
export function accountFromRow(row: {
  id: string;
  address: string;
  protocol: string;
  login: string;
  incomingHost: string;
  incomingPort: number;
  incomingTls: string;
  incomingAddress: string | null;
  smtpHost: string;
  smtpPort: number;
  smtpTls: string;
  smtpAddress: string | null;
  isPrimary: boolean;
}): StoredAccount {
  return {
    id: row.id,
    email: row.address,
    protocol: protocolOf(row.protocol),
    login: row.login,
    incoming: endpoint(row.incomingHost, row.incomingPort, row.incomingTls, row.incomingAddress),
    smtp: endpoint(row.smtpHost, row.smtpPort, row.smtpTls, row.smtpAddress),
    isPrimary: row.isPrimary,
  };
}

export function createSessionRepository(prisma: PrismaClient): SessionRepository {
  return {
    async insertSession(s) {
      await prisma.session.create({
        data: {
          id: s.id,
          userId: s.userId,
          secretHash: s.secretHash,
          userAgent: s.userAgent,
          lastIp: s.ip,
          createdAt: s.now,
          lastSeenAt: s.now,
          expiresAt: s.expiresAt,
          passwords: {
            create: s.passwords.map((p) => ({ accountId: p.accountId, sealed: Uint8Array.from(p.sealed) })),
          },
        },
      });
    },

    async findSession(id) {
      const row = await prisma.session.findUnique({
        where: { id },
        include: {
          user: { select: { email: true, accounts: { where: { vaultSealed: { not: null }, isPrimary: false } } } },
          passwords: { include: { account: true } },
        },
      });
      if (!row) return null;
      const passwords = row.passwords
        .map((p) => ({ account: accountFromRow(p.account), sealed: p.sealed }))
        .sort((a, b) => Number(b.account.isPrimary) - Number(a.account.isPrimary));
      const held = new Set(row.passwords.map((p) => p.accountId));
      const vault = row.user.accounts
        .filter((a) => !held.has(a.id))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((a) => ({ account: accountFromRow(a), sealed: a.vaultSealed! }));
      return {
        id: row.id,
        userId: row.userId,
        email: row.user.email,
        secretHash: row.secretHash,
        passwords,
        vault,
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

    async addPasswords(sessionId, passwords) {
      await prisma.$transaction(
        passwords.map((p) =>
          prisma.accountPassword.upsert({
            where: { sessionId_accountId: { sessionId, accountId: p.accountId } },
            create: { sessionId, accountId: p.accountId, sealed: Uint8Array.from(p.sealed) },
            update: { sealed: Uint8Array.from(p.sealed) },
          }),
        ),
      );
    },

    async swapPasswordTag(accountId, tag) {
      return prisma.$transaction(async (tx) => {
        const before = await tx.account.findUnique({ where: { id: accountId }, select: { passwordTag: true } });
        await tx.account.update({ where: { id: accountId }, data: { passwordTag: tag } });
        return before?.passwordTag ?? null;
      });
    },
  };
}
