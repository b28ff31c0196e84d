import type { ImapFlow } from 'imapflow';
import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import { isAppError } from '../core/app-error.ts';
import { backoffDelay } from './backoff.ts';
import { isConnectionError, mailServerUnreachable, toMailError } from './imap-errors.ts';
import { logoutWithin } from './connect.ts';

/** Opens and logs in a command connection for an account (connectImap in production, a fake in tests). */
export type ConnectFn = (account: MailAccount) => Promise<ImapFlow>;

export interface AccountConnectionsDeps {
  connect: ConnectFn;
  /** delay before retry `attempt` after failed connects */
  backoff?: (attempt: number) => number;
  now?: () => number;
  /** how long LOGOUT may take before the socket is just closed */
  logoutTimeoutMs?: number;
  log?: { warn: (obj: object, msg: string) => void };
}

interface AccountConnection {
  userId: string;
  account: MailAccount;
  client: ImapFlow | null;
  connecting: Promise<ImapFlow> | null;
  sessions: Set<string>;
  failures: number;
  retryAt: number;
  lastError: Error | null;
  /** UIDVALIDITY each folder had when this account's command connection last held its lock */
  generations: Map<string, bigint>;
}

/** folders whose UIDVALIDITY is remembered per account (the oldest noted is forgotten first) */
const GENERATIONS_MAX = 256;

/**
 * One IMAP command connection per mail account (`auth.account`), shared by all sessions and devices holding it.
 * Keyed by the account id (decision 018); a session is released from every account it used.
 * Invariant: every mailbox operation runs under imapflow's mailbox lock, so requests never see another request's SELECT.
 */
export class AccountConnections {
  private readonly accounts = new Map<string, AccountConnection>();
  /** session id → the accounts it used here */
  private readonly accountsBySession = new Map<string, Set<string>>();
  private closing = false;
  private readonly backoff: (attempt: number) => number;
  private readonly now: () => number;

  constructor(private readonly deps: AccountConnectionsDeps) {
    this.backoff = deps.backoff ?? ((a) => backoffDelay(a));
    this.now = deps.now ?? Date.now;
  }

  /** Runs `fn` with the user's connected client (no mailbox lock: for LIST, CREATE, STATUS). */
  async withClient<T>(auth: AuthedSession, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await this.withRetry(auth, fn);
    } catch (err) {
      throw toMailError(err);
    }
  }

  /**
   * Runs `fn` with `path` selected, holding imapflow's mailbox lock until `fn` settles; a missing mailbox is 404
   * mailbox.not_found. `fn`'s `interleave()` lets the requests queued on this connection run (the lock goes to the
   * back of the queue), then has `path` selected again. Invariant: after `interleave()` the folder may have changed
   * (flags, new mail, expunges, even UIDVALIDITY): the caller checks what it relies on.
   */
  async withMailbox<T>(
    auth: AuthedSession,
    path: string,
    fn: (client: ImapFlow, interleave: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.withRetry(auth, async (client) => {
        let lock = await client.getMailboxLock(path);
        const interleave = async () => {
          lock.release();
          lock = await client.getMailboxLock(path);
        };
        try {
          // a mailbox that stayed selected shows other clients' EXPUNGEs and new mail only after a sync point
          await client.noop();
          this.noteGeneration(auth.account.id, path, client);
          return await fn(client, interleave);
        } finally {
          lock.release();
        }
      });
    } catch (err) {
      throw toMailError(err, path);
    }
  }

  /**
   * The UIDVALIDITY `path` had when a request last held its lock on this account (undefined: not selected here yet).
   * Invariant: it can lag a folder re-created by another client until the next request on that folder.
   */
  generationOf(accountId: string, path: string): bigint | undefined {
    return this.accounts.get(accountId)?.generations.get(path);
  }

  private noteGeneration(accountId: string, path: string, client: ImapFlow): void {
    const generations = this.accounts.get(accountId)?.generations;
    const mailbox = client.mailbox;
    if (!generations || !mailbox || mailbox.path !== path) return;
    generations.delete(path);
    generations.set(path, BigInt(mailbox.uidValidity));
    if (generations.size > GENERATIONS_MAX) generations.delete(generations.keys().next().value!);
  }

  /**
   * Takes the connection a sign-in has just logged in with as the account's command connection, so the first
   * requests need no second login (decision 024). When the account already has one (open or opening), the offered
   * one is logged out instead. Invariant: `client` was opened with the same options as `deps.connect`.
   */
  async adopt(auth: AuthedSession, client: ImapFlow): Promise<void> {
    const entry = this.closing ? null : this.entry(auth);
    if (!entry || entry.client?.usable || entry.connecting || !client.usable) {
      // not awaited: the sign-in's answer does not wait for a LOGOUT round trip (decision 036)
      void this.logout(client);
      return;
    }
    entry.failures = 0;
    entry.lastError = null;
    client.on('close', () => this.forget(auth.account.id, client));
    entry.client = client;
  }

  /** Forgets a session (sign-out); LOGOUTs each account's connection once no session uses it. */
  async release(sessionId: string): Promise<void> {
    const accountIds = this.accountsBySession.get(sessionId);
    if (accountIds === undefined) return;
    this.accountsBySession.delete(sessionId);
    await Promise.all(
      [...accountIds].map(async (accountId) => {
        const entry = this.accounts.get(accountId);
        if (!entry) return;
        entry.sessions.delete(sessionId);
        if (entry.sessions.size > 0) return;
        this.accounts.delete(accountId);
        await this.disconnect(entry);
      }),
    );
  }

  /** The sessions of a user that used this process's command connections (to release the ended ones). */
  sessionsOf(userId: string): string[] {
    const ids = new Set<string>();
    for (const e of this.accounts.values()) if (e.userId === userId) for (const id of e.sessions) ids.add(id);
    return [...ids];
  }

  /** The accounts of a user with a command connection entry in this process. */
  accountIdsOf(userId: string): string[] {
    return [...this.accounts.entries()].filter(([, e]) => e.userId === userId).map(([id]) => id);
  }

  /** Users with a command connection entry in this process. */
  userIds(): string[] {
    return [...new Set([...this.accounts.values()].map((e) => e.userId))];
  }

  /** LOGOUTs one account's connection now, whichever sessions used it (the account was removed). */
  async closeAccount(accountId: string): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    for (const sessionId of entry.sessions) this.accountsBySession.get(sessionId)?.delete(accountId);
    await this.disconnect(entry);
  }

  /** LOGOUTs every connection (app close). Later calls fail with mail.server_unreachable. */
  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.accounts.values()];
    this.accounts.clear();
    this.accountsBySession.clear();
    await Promise.all(entries.map((e) => this.disconnect(e)));
  }

  /** Number of accounts with a connection entry (for tests and metrics). */
  get accountCount(): number {
    return this.accounts.size;
  }

  /**
   * A connection may die under a command (server timeout, or Dovecot's process crashing while it creates a new
   * user's folders from two connections at once): one retry on a new connection, connection errors only.
   */
  private async withRetry<T>(auth: AuthedSession, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    const { client } = await this.client(auth);
    try {
      return await fn(client);
    } catch (err) {
      if (!isConnectionError(err) || this.closing) throw err;
      this.forget(auth.account.id, client);
      const retry = await this.client(auth);
      return await fn(retry.client);
    }
  }

  private async client(auth: AuthedSession): Promise<{ client: ImapFlow; fresh: boolean }> {
    if (this.closing) throw mailServerUnreachable();
    const entry = this.entry(auth);
    if (entry.client?.usable) return { client: entry.client, fresh: false };
    entry.client = null;
    if (!entry.connecting) {
      if (entry.failures > 0 && this.now() < entry.retryAt) throw entry.lastError ?? mailServerUnreachable();
      entry.connecting = this.open(auth.account.id, entry).finally(() => {
        entry.connecting = null;
      });
    }
    return { client: await entry.connecting, fresh: true };
  }

  private async open(accountId: string, entry: AccountConnection): Promise<ImapFlow> {
    let client: ImapFlow;
    try {
      client = await this.deps.connect(entry.account);
    } catch (err) {
      // a refused password belongs to one device's session (changed elsewhere): it must not block the
      // user's other devices, which may carry the new password, behind a backoff
      if (isAppError(err) && err.code === 'auth.invalid_credentials') throw err;
      entry.failures += 1;
      entry.retryAt = this.now() + this.backoff(entry.failures);
      entry.lastError = err instanceof Error ? err : mailServerUnreachable();
      throw entry.lastError;
    }
    entry.failures = 0;
    entry.lastError = null;
    // the next request reconnects; nothing is kept open for a user who is not asking for anything
    client.on('close', () => this.forget(accountId, client));
    if (this.closing || this.accounts.get(accountId) !== entry) {
      await this.logout(client);
      throw mailServerUnreachable();
    }
    entry.client = client;
    return client;
  }

  private entry(auth: AuthedSession): AccountConnection {
    const accountId = auth.account.id;
    let entry = this.accounts.get(accountId);
    if (!entry) {
      entry = {
        userId: auth.userId,
        account: auth.account,
        client: null,
        connecting: null,
        sessions: new Set(),
        failures: 0,
        retryAt: 0,
        lastError: null,
        generations: new Map(),
      };
      this.accounts.set(accountId, entry);
    }
    entry.account = auth.account; // a new sign-in may carry a new password
    entry.sessions.add(auth.sessionId);
    let used = this.accountsBySession.get(auth.sessionId);
    if (!used) this.accountsBySession.set(auth.sessionId, (used = new Set()));
    used.add(accountId);
    return entry;
  }

  private forget(accountId: string, client: ImapFlow): void {
    const entry = this.accounts.get(accountId);
    if (entry?.client === client) entry.client = null;
  }

  private async disconnect(entry: AccountConnection): Promise<void> {
    const client = entry.client ?? (await entry.connecting?.catch(() => null)) ?? null;
    entry.client = null;
    if (client) await this.logout(client);
  }

  private async logout(client: ImapFlow): Promise<void> {
    await logoutWithin(client, this.deps.logoutTimeoutMs ?? 2_000, (code) =>
      this.deps.log?.warn({ code }, 'IMAP logout failed'),
    );
  }
}
