import type { AuthedSession } from '../../core/auth.types.ts';
import { isAppError } from '../../core/app-error.ts';
import { derivePasswordKey, openPassword, sealPassword } from '../../core/crypto/password-box.ts';
import { passwordTag } from '../../core/crypto/password-tag.ts';
import {
  formatSessionCookie,
  hashSessionSecret,
  newSessionToken,
  parseSessionCookie,
  sessionSecretMatches,
} from '../../core/crypto/session-token.ts';
import { connectImap, type ImapLogin, type TlsSettings } from '../../imap/connect.ts';
import { autoconfigErrors } from '../autoconfig/autoconfig.errors.ts';
import type { ResolvedServers } from '../autoconfig/autoconfig.service.ts';
import type { ServerEndpoint } from '../autoconfig/server-url.ts';
import { authErrors } from './auth.errors.ts';
import type { AuthRepository } from './auth.repository.ts';
import type { SignInLimiter } from './auth.rate-limit.ts';
import { emailDomain, normalizeEmail } from './email-address.ts';

const TOUCH_EVERY_MS = 60_000;

export interface NewSessionInput {
  userId: string;
  login: string;
  password: string;
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
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
   * the signed-in session behind a cookie value, or null (absent, malformed, unknown, expired, wrong secret);
   * `seenFrom` is the client IP to record as last seen
   */
  resolve(cookieValue: string | undefined, seenFrom?: string): Promise<AuthedSession | null>;
  /** deletes the session a valid cookie value names; returns its id and user, or null when there was none */
  remove(cookieValue: string | undefined): Promise<{ sessionId: string; userId: string } | null>;
  /**
   * records the password a sign-in of `userId` just proved; true when it differs from the one proved before
   * (the mail password was changed: the sessions holding the old one must end)
   */
  passwordChanged(user: { id: string; email: string }, password: string): Promise<boolean>;
}

export function createSessionStore(deps: {
  repo: Pick<AuthRepository, 'insertSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'swapPasswordTag'>;
  serverSecret: Buffer;
  maxAgeDays: number;
  now?: () => Date;
}): SessionStore {
  const { repo, serverSecret } = deps;
  const now = deps.now ?? (() => new Date());

  // the row behind a cookie, only if the cookie's secret matches its hash
  const verified = async (cookieValue: string | undefined) => {
    const token = parseSessionCookie(cookieValue);
    if (!token) return null;
    const row = await repo.findSession(token.id);
    if (!row || !sessionSecretMatches(token.secret, row.secretHash)) return null;
    return { token, row };
  };

  return {
    async create(input) {
      const token = newSessionToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + deps.maxAgeDays * 86_400_000);
      const key = derivePasswordKey({ serverSecret, cookieSecret: token.secret, sessionId: token.id });
      await repo.insertSession({
        id: token.id,
        userId: input.userId,
        secretHash: hashSessionSecret(token.secret),
        encryptedPassword: sealPassword(input.password, key, token.id),
        login: input.login,
        imap: input.imap,
        smtp: input.smtp,
        userAgent: input.userAgent,
        ip: input.ip ?? null,
        now: at,
        expiresAt,
      });
      return { sessionId: token.id, cookieValue: formatSessionCookie(token), expiresAt };
    },

    async resolve(cookieValue, seenFrom) {
      const found = await verified(cookieValue);
      if (!found) return null;
      const { token, row } = found;
      const at = now();
      if (row.expiresAt.getTime() <= at.getTime()) {
        await repo.deleteSession(row.id);
        return null;
      }
      let password: string;
      try {
        password = openPassword(
          row.encryptedPassword,
          derivePasswordKey({ serverSecret, cookieSecret: token.secret, sessionId: row.id }),
          row.id,
        );
      } catch {
        return null; // e.g. the server secret changed: the session can no longer be used
      }
      if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await repo.touchSession(row.id, at, seenFrom);
      return {
        sessionId: row.id,
        userId: row.userId,
        email: row.email,
        account: { email: row.email, login: row.login, password, imap: row.imap, smtp: row.smtp },
        expiresAt: row.expiresAt,
      };
    },

    async remove(cookieValue) {
      const found = await verified(cookieValue);
      if (!found) return null;
      await repo.deleteSession(found.row.id);
      return { sessionId: found.row.id, userId: found.row.userId };
    },

    async passwordChanged(user, password) {
      const tag = await passwordTag({ serverSecret, email: user.email, password });
      const before = await repo.swapPasswordTag(user.id, tag);
      return before !== null && before !== tag;
    },
  };
}

/** Logs in to IMAP and straight out again: the check that the address and password are right. */
export async function verifyImapLogin(login: ImapLogin, tls: TlsSettings): Promise<void> {
  const client = await connectImap(login, tls);
  try {
    await client.logout();
  } catch {
    client.close();
  }
}

export interface SignInDeps {
  limiter: SignInLimiter;
  resolveServers: (email: string) => Promise<ResolvedServers | null>;
  verifyLogin: (login: ImapLogin) => Promise<void>;
  repo: Pick<AuthRepository, 'upsertUser' | 'deleteExpiredSessions'>;
  sessions: Pick<SessionStore, 'create' | 'passwordChanged'>;
  /** refuses a new session (per-user and per-instance caps) by throwing; called once the password is known good */
  admit?: (userId: string) => Promise<void>;
  now?: () => Date;
}

/** A mail server said no to this password: wrong password, or a provider refusing the account password. */
const rejectedCredential = (err: unknown): boolean =>
  isAppError(err) &&
  (err.code === 'auth.invalid_credentials' ||
    (err.code === 'auth.provider_requires_app_password' && err.extra.details?.credentialRejected === true));

/**
 * Validates, rate-limits (before any server is contacted), verifies the password against IMAP, then
 * creates the user if new and a session. Throws the feature's AppErrors.
 */
export async function signIn(
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent: string | null;
    /** this browser's known-device cookie, if any: vouches for the accounts that signed in here before */
    knownDevice?: (account: string) => string | null;
  },
  deps: SignInDeps,
): Promise<CreatedSession & { email: string; userId: string; passwordChanged: boolean }> {
  const email = normalizeEmail(input.email);
  if (!email) throw authErrors.invalidEmail();
  if (input.password === '') throw authErrors.passwordRequired();
  const now = deps.now ?? (() => new Date());

  const attempt = await deps.limiter.begin({
    ip: input.ip,
    account: email,
    knownDevice: input.knownDevice?.(email) ?? null,
  });
  let servers: ResolvedServers | null = null;
  try {
    servers = await deps.resolveServers(email);
    if (servers) await deps.verifyLogin({ login: servers.login, password: input.password, server: servers.imap });
  } catch (err) {
    if (!rejectedCredential(err)) {
      await attempt.abandoned();
      throw err;
    }
    await attempt.failed();
    // typed servers of Google Workspace / Microsoft 365: the refusal means "use an app password"
    throw servers?.provider ? autoconfigErrors.providerRequiresAppPassword(servers.provider, true) : err;
  }
  if (!servers) {
    await attempt.abandoned();
    throw authErrors.noServerForDomain(emailDomain(email));
  }
  await attempt.succeeded();

  const at = now();
  await deps.repo.deleteExpiredSessions(at);
  const user = await deps.repo.upsertUser(email, at);
  const passwordChanged = await deps.sessions.passwordChanged(user, input.password);
  await deps.admit?.(user.id);
  const session = await deps.sessions.create({
    userId: user.id,
    login: servers.login,
    password: input.password,
    imap: servers.imap,
    smtp: servers.smtp,
    userAgent: input.userAgent,
    ip: input.ip,
  });
  return { ...session, email: user.email, userId: user.id, passwordChanged };
}
