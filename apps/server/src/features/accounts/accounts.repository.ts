import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { MailAccount } from '../../core/auth.types.ts';
import { accountFromRow, type StoredAccount } from '../../core/session.repository.ts';

export type { StoredAccount } from '../../core/session.repository.ts';

/** Account rows (decision 018); no Prisma types leak out. */
export interface AccountsRepository {
  /** creates or updates the user's primary account (address, login, servers as just verified) */
  upsertPrimary(userId: string, a: Omit<MailAccount, 'id' | 'password'>): Promise<StoredAccount>;
  /** the user's accounts, the primary first */
  listOf(userId: string): Promise<(StoredAccount & { displayName: string })[]>;
  /** the user's account with this address, if any (its servers: re-entering a password keeps them) */
  findByAddress(userId: string, address: string): Promise<StoredAccount | null>;
  countOf(userId: string): Promise<number>;
  /**
   * creates (with `id`) or updates an added account with its servers and vault seal (decision 034); on an update the
   * sessions' stale copies of the old password are dropped (each device opens the new one from the vault)
   */
  upsertAdded(
    userId: string,
    id: string,
    a: Omit<MailAccount, 'id' | 'password'>,
    vaultSealed: Uint8Array,
  ): Promise<StoredAccount>;
  /** deletes an added account (never the primary one) and, by cascade, everything of it; false when there was none */
  removeAdded(userId: string, accountId: string): Promise<boolean>;
}

const columns = (a: Omit<MailAccount, 'id' | 'password'>) => ({
  protocol: a.protocol,
  login: a.login,
  incomingHost: a.incoming.host,
  incomingPort: a.incoming.port,
  incomingTls: a.incoming.tls,
  incomingAddress: a.incoming.address ?? null,
  smtpHost: a.smtp.host,
  smtpPort: a.smtp.port,
  smtpTls: a.smtp.tls,
  smtpAddress: a.smtp.address ?? null,
});

export function createAccountsRepository(prisma: PrismaClient): AccountsRepository {
  return {
    async upsertPrimary(userId, a) {
      // the primary's password lives in each session only (decision 018), never in the vault
      const data = { ...columns(a), isPrimary: true, vaultSealed: null };
      const row = await prisma.$transaction(async (tx) => {
        // one primary per user: the address signed in with
        await tx.account.updateMany({
          where: { userId, isPrimary: true, address: { not: a.email } },
          data: { isPrimary: false },
        });
        return tx.account.upsert({
          where: { userId_address: { userId, address: a.email } },
          create: { userId, address: a.email, ...data },
          update: data,
        });
      });
      return accountFromRow(row);
    },

    async listOf(userId) {
      const rows = await prisma.account.findMany({
        where: { userId },
        orderBy: [{ isPrimary: 'desc' }, { createdAt: 'asc' }],
      });
      return rows.map((r) => ({ ...accountFromRow(r), displayName: r.displayName }));
    },

    async findByAddress(userId, address) {
      const row = await prisma.account.findUnique({ where: { userId_address: { userId, address } } });
      return row && accountFromRow(row);
    },

    async countOf(userId) {
      return prisma.account.count({ where: { userId } });
    },

    async upsertAdded(userId, id, a, vaultSealed) {
      const data = { ...columns(a), isPrimary: false, vaultSealed: Uint8Array.from(vaultSealed) };
      const row = await prisma.$transaction(async (tx) => {
        const saved = await tx.account.upsert({
          where: { id },
          create: { id, userId, address: a.email, ...data },
          update: data,
        });
        if (saved.userId !== userId || saved.isPrimary)
          throw new Error('upsertAdded: not an added account of the user');
        await tx.accountPassword.deleteMany({ where: { accountId: id } });
        return saved;
      });
      return accountFromRow(row);
    },

    async removeAdded(userId, accountId) {
      const { count } = await prisma.account.deleteMany({ where: { id: accountId, userId, isPrimary: false } });
      return count > 0;
    },
  };
}
