import type { AccountSummary } from '@pigeon/shared';
import type { MailAccount } from '../../core/auth.types.ts';
import type { AccountsRepository } from './accounts.repository.ts';

/** The accounts feature as other features see it (decision 018). */
export interface AccountsService {
  /** the primary account with the login and servers a sign-in just verified (created on first sign-in) */
  ensurePrimary(userId: string, account: Omit<MailAccount, 'id' | 'password'>): Promise<{ id: string; email: string }>;
  /** the user's accounts as the API shows them, the primary first */
  list(userId: string): Promise<AccountSummary[]>;
}

export function createAccountsService(deps: { repo: AccountsRepository }): AccountsService {
  return {
    async ensurePrimary(userId, account) {
      const stored = await deps.repo.upsertPrimary(userId, account);
      return { id: stored.id, email: stored.email };
    },
    async list(userId) {
      return (await deps.repo.listOf(userId)).map((a) => ({
        id: a.id,
        email: a.email,
        displayName: a.displayName,
        protocol: a.protocol,
        primary: a.isPrimary,
      }));
    },
  };
}
