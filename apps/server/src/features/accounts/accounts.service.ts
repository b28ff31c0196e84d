import { randomUUID } from 'node:crypto';
import type { AccountSummary, AccountsChangedEvent } from '@pigeon/shared';
import type { AuthedSession, MailAccount, MailProtocol } from '../../core/auth.types.ts';
import { accountNotFound } from '../../core/account-scope.ts';
import type { AccountServers } from '../autoconfig/account-servers.ts';
import { authErrors } from '../auth/auth.errors.ts';
import { emailDomain, normalizeEmail } from '../auth/email-address.ts';
import type { SignInLimiter } from '../auth/auth.rate-limit.ts';
import { rejectedCredential } from '../auth/auth.service.ts';
import { accountsErrors } from './accounts.errors.ts';
import type { AccountsRepository } from './accounts.repository.ts';

/** What adding and removing accounts needs (decision 034): handed in by the composition root, fakes in unit tests. */
export interface AccountsDeps {
  repo: AccountsRepository;
  /** mail accounts one user may have, the primary one included */
  maxPerUser?: number;
  /** sign-in's limiter: adding an account is a password check like a sign-in, counted the same way */
  limiter?: SignInLimiter;
  /** a real login on the incoming server of `protocol` (throws auth.invalid_credentials and mail.* errors) */
  verifyLogin?: (
    login: { login: string; password: string; server: AccountServers['incoming']; clientIp?: string },
    protocol: MailProtocol,
  ) => Promise<void>;
  sessions?: {
    sealInVault(input: {
      userId: string;
      primaryPassword: string;
      accountId: string;
      password: string;
    }): Promise<Uint8Array>;
    holdPassword(cookieValue: string | undefined, accountId: string, password: string): Promise<void>;
  };
  /** closes the account's connections (command connection, live watcher) on this instance */
  closeConnections?: (accountId: string) => Promise<void>;
  /** after the rows are gone: every other instance closes what it held for the removed account */
  closeElsewhere?: (userId: string) => Promise<void>;
  /** after an account is added: every instance reads the user's sessions anew (checked ones kept in memory, 049) */
  addedElsewhere?: (userId: string) => Promise<void>;
  /** tells every device of the user (socket room) that the accounts changed */
  announce?: (userId: string, event: AccountsChangedEvent) => void;
}

/** The accounts feature as other features see it (decision 018, 034). */
export interface AccountsService {
  /** the primary account with the login and servers a sign-in just verified (created on first sign-in) */
  ensurePrimary(userId: string, account: Omit<MailAccount, 'id' | 'password'>): Promise<{ id: string; email: string }>;
  /**
   * the user's accounts as the API shows them, the primary first; an added account this session cannot open (the
   * primary password changed since it was sealed) is listed with `needsPassword` (decision 034)
   */
  list(auth: Pick<AuthedSession, 'userId' | 'accounts'>): Promise<AccountSummary[]>;
  /**
   * adds another account (discovery, a real login), or gives an added account this session cannot open its password
   * again (its own servers, a real login); then its password is sealed in the user's vault under the current primary
   * password, and for this session
   */
  add(input: {
    auth: AuthedSession;
    cookieValue: string | undefined;
    ip: string;
    email: string;
    password: string;
    /** typed "Advanced settings" came with the request (they replace a known account's servers) */
    servers?: boolean;
    resolveServers: (email: string, password: string) => Promise<AccountServers | null>;
  }): Promise<AccountSummary>;
  /** removes an added account: its connections close, its rows cascade; the primary one answers accounts.is_primary */
  remove(auth: AuthedSession, accountId: string): Promise<void>;
}

const summary = (
  a: { id: string; email: string; protocol: MailProtocol; isPrimary: boolean },
  displayName = '',
  needsPassword = false,
): AccountSummary => ({
  id: a.id,
  email: a.email,
  displayName,
  protocol: a.protocol,
  primary: a.isPrimary,
  needsPassword,
});

export function createAccountsService(deps: AccountsDeps): AccountsService {
  const need = <K extends keyof AccountsDeps>(key: K): NonNullable<AccountsDeps[K]> => {
    const dep = deps[key];
    if (!dep) throw new Error(`accounts service built without ${key}`);
    return dep as NonNullable<AccountsDeps[K]>;
  };

  return {
    async ensurePrimary(userId, account) {
      const stored = await deps.repo.upsertPrimary(userId, account);
      return { id: stored.id, email: stored.email };
    },

    async list(auth) {
      const held = new Set(auth.accounts.map((a) => a.id));
      return (await deps.repo.listOf(auth.userId)).map((a) =>
        summary(a, a.displayName, !a.isPrimary && !held.has(a.id)),
      );
    },

    async add(input) {
      const email = normalizeEmail(input.email);
      if (!email) throw authErrors.invalidEmail();
      if (input.password === '') throw authErrors.passwordRequired();
      const { auth } = input;
      const existing = await deps.repo.findByAddress(auth.userId, email);
      // an added account this session cannot open (the primary password changed since) is given its password again
      if (existing && (existing.isPrimary || auth.accounts.some((a) => a.id === existing.id)))
        throw accountsErrors.alreadyAdded();
      const max = deps.maxPerUser ?? Infinity;
      if (!existing && (await deps.repo.countOf(auth.userId)) >= max) throw accountsErrors.tooMany(max);

      const attempt = await need('limiter').begin({ ip: input.ip, account: email, knownDevice: null });
      let servers: AccountServers | null = null;
      try {
        // a password given again keeps the account's servers (typed ones too); a new account discovers them
        servers = existing ? { ...existing, source: 'manual', provider: null } : null;
        if (!existing || input.servers) servers = await input.resolveServers(email, input.password);
        if (servers)
          await need('verifyLogin')(
            { login: servers.login, password: input.password, server: servers.incoming, clientIp: input.ip },
            servers.protocol,
          );
      } catch (err) {
        if (rejectedCredential(err)) await attempt.failed();
        else await attempt.abandoned();
        throw err;
      }
      if (!servers) {
        await attempt.abandoned();
        throw authErrors.noServerForDomain(emailDomain(email));
      }
      await attempt.succeeded();

      const id = existing?.id ?? randomUUID();
      const sessions = need('sessions');
      const sealed = await sessions.sealInVault({
        userId: auth.userId,
        primaryPassword: auth.account.password,
        accountId: id,
        password: input.password,
      });
      const stored = await deps.repo.upsertAdded(
        auth.userId,
        id,
        { email, protocol: servers.protocol, login: servers.login, incoming: servers.incoming, smtp: servers.smtp },
        sealed,
      );
      await sessions.holdPassword(input.cookieValue, id, input.password);
      await deps.addedElsewhere?.(auth.userId);
      deps.announce?.(auth.userId, { accountId: id, change: 'added' });
      return summary(stored);
    },

    async remove(auth, accountId) {
      if (auth.accounts[0]?.id === accountId) throw accountsErrors.isPrimary();
      await deps.closeConnections?.(accountId);
      if (!(await deps.repo.removeAdded(auth.userId, accountId))) throw accountNotFound();
      await deps.closeElsewhere?.(auth.userId);
      deps.announce?.(auth.userId, { accountId, change: 'removed' });
    },
  };
}
