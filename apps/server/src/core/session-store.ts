import type { AuthedSession, MailAccount } from './auth.types.ts';
import { derivePasswordKey, openPassword, sealPassword } from './crypto/password-box.ts';
import { deriveVaultKey, openForAccount, sealForAccount } from './crypto/account-vault.ts';
import { passwordTag } from './crypto/password-tag.ts';
import {
  formatSessionCookie,
  hashSessionSecret,
  newSessionToken,
  parseSessionCookie,
  sessionSecretMatches,
} from './crypto/session-token.ts';
import type { SessionRepository, StoredSession } from './session.repository.ts';
import { SessionCheckCache, type SessionChecks } from './session-check-cache.ts';

const TOUCH_EVERY_MS = 60_000;

export interface NewSessionInput {
  userId: string;
  /** the passwords this device proved (at sign-in: the primary account's), sealed for this session only */
  passwords: { accountId: string; password: string }[];
  userAgent: string | null;
  /** the client IP of the sign-in (shown on the devices page) */
  ip?: string | null;
}

export interface CreatedSession {
  sessionId: string;
  /** `<id>.<secret>`: goes into the cookie and nowhere else */
  cookieValue: string;
  expiresAt: Date;
}

/** Session rows and the cookie that unlocks them; the only code that sees a session's secret or key. */
export interface SessionStore {
  create(input: NewSessionInput): Promise<CreatedSession>;
  /**
   * the signed-in session behind a cookie value, with its accounts' passwords opened, or null (absent, malformed,
   * unknown, expired, wrong secret, no primary account); `seenFrom` is the client IP to record as last seen
   */
  resolve(cookieValue: string | undefined, seenFrom?: string): Promise<AuthedSession | null>;
  /** deletes the session a valid cookie value names; returns its id and user, or null when there was none */
  remove(cookieValue: string | undefined): Promise<{ sessionId: string; userId: string } | null>;
  /**
   * records the password a sign-in to `account` just proved; true when it differs from the one proved before
   * (the mail password was changed: the sessions holding the old one must end)
   */
  passwordChanged(account: { id: string; email: string }, password: string): Promise<boolean>;
  /** an added account's password sealed in the user's vault, for every device of the user (decision 034) */
  sealInVault(input: { userId: string; primaryPassword: string; accountId: string; password: string }): Promise<Buffer>;
  /** this session's own sealed copy of an account's password (the device that added the account holds it at once) */
  holdPassword(cookieValue: string | undefined, accountId: string, password: string): Promise<void>;
  /** the rows `resolve` serves from memory; revocation drops them (decision 049) */
  checks: SessionChecks;
}

/** Vault entries a session could not open (the primary password changed since): not tried on every request again. */
const MAX_REFUSED = 10_000;

// the sealed bytes start with their random IV: a re-added account's new seal is tried again
const refusalKey = (sessionId: string, accountId: string, sealed: Uint8Array) =>
  `${sessionId}:${accountId}:${Buffer.from(sealed.subarray(0, 12)).toString('base64url')}`;

/**
 * Each session seals its own copy of each account's password (decision 002, 018): key = HKDF(cookie secret |
 * server secret, salt session id), associated data the session id. Invariant: nothing in the database opens it.
 */
export function createSessionStore(deps: {
  repo: SessionRepository;
  serverSecret: Buffer;
  maxAgeDays: number;
  /** checked rows kept in memory (decision 049); none by default */
  checks?: SessionCheckCache;
  now?: () => Date;
}): SessionStore {
  const { repo, serverSecret } = deps;
  const now = deps.now ?? (() => new Date());
  const checks = deps.checks ?? new SessionCheckCache({ maxBytes: 0, ttlMs: 0 });

  // the row behind a cookie, only if the cookie's secret matches its hash; `fromMemory`: a kept row serves (and a row
  // read is kept), the secret is checked against it all the same
  const verified = async (cookieValue: string | undefined, fromMemory = false) => {
    const token = parseSessionCookie(cookieValue);
    if (!token) return null;
    const kept = fromMemory ? checks.get(token.id) : undefined;
    const mark = checks.mark();
    const row = kept ?? (await repo.findSession(token.id));
    if (!row || !sessionSecretMatches(token.secret, row.secretHash)) return null;
    if (fromMemory && !kept) checks.put(row, mark);
    return { token, row };
  };

  const refused = new Set<string>();
  // the user's added accounts this session has no copy of yet: opened with the primary password, then kept as the
  // session's own copies (one scrypt per session and account, not per request)
  const fromVault = async (row: StoredSession, primaryPassword: string, sessionKey: Buffer): Promise<MailAccount[]> => {
    const pending = row.vault.filter((v) => !refused.has(refusalKey(row.id, v.account.id, v.sealed)));
    if (pending.length === 0) return [];
    const key = await deriveVaultKey({ primaryPassword, serverSecret, userId: row.userId });
    const opened: MailAccount[] = [];
    for (const { account, sealed } of pending) {
      try {
        const { isPrimary: _primary, ...rest } = account;
        opened.push({ ...rest, password: openForAccount(sealed, key, account.id) });
      } catch {
        // the primary password changed since the account was added: the user adds it again (decision 034)
        if (refused.size >= MAX_REFUSED) refused.clear();
        refused.add(refusalKey(row.id, account.id, sealed));
      }
    }
    if (opened.length > 0) {
      await repo.addPasswords(
        row.id,
        opened.map((a) => ({ accountId: a.id, sealed: sealPassword(a.password, sessionKey, row.id) })),
      );
      // the row now holds these copies: the next check reads it again instead of opening the vault again
      checks.dropSession(row.id);
    }
    return opened;
  };

  return {
    checks,
    async create(input) {
      const token = newSessionToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + deps.maxAgeDays * 86_400_000);
      const key = derivePasswordKey({ serverSecret, cookieSecret: token.secret, sessionId: token.id });
      await repo.insertSession({
        id: token.id,
        userId: input.userId,
        secretHash: hashSessionSecret(token.secret),
        passwords: input.passwords.map((p) => ({
          accountId: p.accountId,
          sealed: sealPassword(p.password, key, token.id),
        })),
        userAgent: input.userAgent,
        ip: input.ip ?? null,
        now: at,
        expiresAt,
      });
      return { sessionId: token.id, cookieValue: formatSessionCookie(token), expiresAt };
    },

    async resolve(cookieValue, seenFrom) {
      const found = await verified(cookieValue, true);
      if (!found) return null;
      const { token, row } = found;
      const at = now();
      if (row.expiresAt.getTime() <= at.getTime()) {
        checks.dropSession(row.id);
        await repo.deleteSession(row.id);
        return null;
      }
      const key = derivePasswordKey({ serverSecret, cookieSecret: token.secret, sessionId: row.id });
      const accounts: MailAccount[] = [];
      for (const { account, sealed } of row.passwords) {
        try {
          const { isPrimary: _primary, ...rest } = account;
          accounts.push({ ...rest, password: openPassword(sealed, key, row.id) });
        } catch {
          // e.g. the server secret changed: that password can no longer be used
        }
      }
      const primary = row.passwords[0]?.account.isPrimary
        ? accounts.find((a) => a.id === row.passwords[0]!.account.id)
        : undefined;
      if (!primary) return null;
      accounts.push(...(await fromVault(row, primary.password, key)));
      if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        // a kept row is the one the next check sees: one write a minute, not one per request in that minute
        row.lastSeenAt = at;
        await repo.touchSession(row.id, at, seenFrom);
      }
      return {
        sessionId: row.id,
        userId: row.userId,
        email: row.email,
        account: primary,
        accounts,
        expiresAt: row.expiresAt,
      };
    },

    async remove(cookieValue) {
      const found = await verified(cookieValue);
      if (!found) return null;
      checks.dropSession(found.row.id);
      await repo.deleteSession(found.row.id);
      return { sessionId: found.row.id, userId: found.row.userId };
    },

    async sealInVault(input) {
      const key = await deriveVaultKey({ primaryPassword: input.primaryPassword, serverSecret, userId: input.userId });
      return sealForAccount(input.password, key, input.accountId);
    },

    async holdPassword(cookieValue, accountId, password) {
      const found = await verified(cookieValue);
      if (!found) return;
      const key = derivePasswordKey({ serverSecret, cookieSecret: found.token.secret, sessionId: found.row.id });
      await repo.addPasswords(found.row.id, [{ accountId, sealed: sealPassword(password, key, found.row.id) }]);
      checks.dropSession(found.row.id);
    },

    async passwordChanged(account, password) {
      const tag = await passwordTag({ serverSecret, email: account.email, password });
      const before = await repo.swapPasswordTag(account.id, tag);
      return before !== null && before !== tag;
    },
  };
}
