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
}

export function createAccountsRepository(prisma: PrismaClient): AccountsRepository {
  return {
    async upsertPrimary(userId, a) {
      const data = {
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
        isPrimary: true,
      };
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
  };
}
