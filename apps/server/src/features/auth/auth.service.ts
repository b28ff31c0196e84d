import { isAppError } from '../../core/app-error.ts';
import { noStepTimes, type StepTimes } from '../../core/step-times.ts';
import type { CreatedSession, SessionStore } from '../../core/session-store.ts';
import type { ImapFlow } from 'imapflow';
import type { ImapLogin, TlsSettings } from '../../imap/connect.ts';
import { autoconfigErrors } from '../autoconfig/autoconfig.errors.ts';
import type { AccountServers } from '../autoconfig/account-servers.ts';
import type { AuthedSession, MailAccount, MailProtocol } from '../../core/auth.types.ts';
import { Pop3Client } from '../../mail/pop3/pop3-client.ts';
import { authErrors } from './auth.errors.ts';
import type { AuthRepository } from './auth.repository.ts';
import type { SignInLimiter } from './auth.rate-limit.ts';
import { emailDomain, normalizeEmail } from './email-address.ts';

export type { CreatedSession, NewSessionInput, SessionStore } from '../../core/session-store.ts';
export { createSessionStore } from '../../core/session-store.ts';

/** LOGOUT, or just close when the server does not answer; never throws. */
export async function logoutQuietly(client: ImapFlow): Promise<void> {
  await client.logout().catch(() => client.close());
}

/** The same check on a POP3 account's server (USER/PASS, then QUIT). */
export async function verifyPop3Login(login: ImapLogin, tls: TlsSettings): Promise<void> {
  const client = await Pop3Client.connect(login, tls);
  await client.quit().catch(() => client.close());
}

export interface SignInDeps<Early = unknown> {
  limiter: SignInLimiter;
  resolveServers: (email: string) => Promise<AccountServers | null>;
  /**
   * the check that the address and password are right, on the incoming server of `protocol`; an IMAP login's
   * connection is the sign-in's answer's `connection`, for the account's command connection (decision 024)
   */
  verifyLogin: (login: ImapLogin, protocol: MailProtocol) => Promise<ImapFlow | void>;
  repo: Pick<AuthRepository, 'upsertUser'>;
  /** the accounts feature's service: the primary account with the servers and login just verified */
  accounts: { ensurePrimary(userId: string, account: PrimaryAccountInput): Promise<{ id: string; email: string }> };
  sessions: Pick<SessionStore, 'create' | 'passwordChanged'>;
  /** refuses a new session (per-user and per-instance caps) by throwing; called once the password is known good */
  admit?: (userId: string) => Promise<void>;
  now?: () => Date;
  /** how long each step took (the sign-in answer's Server-Timing, decision 036) */
  steps?: StepTimes;
  /**
   * work on the verified IMAP connection that needs no database row (the first rows, decision 036): started right
   * after LOGIN, beside the user, account and session writes; `accountId` settles once the account row is written;
   * `server` is the login and incoming server just verified
   */
  onLogin?: (
    connection: ImapFlow,
    accountId: Promise<string>,
    server: Pick<MailAccount, 'login' | 'incoming'>,
  ) => Promise<Early>;
}

/** What sign-in knows of the primary account once its password is proved. */
export type PrimaryAccountInput = Omit<MailAccount, 'id' | 'password'>;

/**
 * A new session and `auth`, the session as resolving its cookie gives it, without reading the rows back (an added
 * account's password is opened from the vault at the session's first request, decision 034).
 */
export type SignedIn = CreatedSession & {
  email: string;
  userId: string;
  accountId: string;
  protocol: MailProtocol;
  auth: AuthedSession;
  /**
   * whether the password differs from the one proved before (then the sessions holding the old one must end); the
   * tag's KDF starts at the first call (the route calls it once the answer is sent: its CPU is not spent beside the
   * first rows) and later calls share it
   */
  passwordChanged: () => Promise<boolean>;
};

/** A mail server said no to this password (a wrong one, or a provider asking for an app password). */
export const rejectedCredential = (err: unknown): boolean =>
  isAppError(err) &&
  (err.code === 'auth.invalid_credentials' ||
    (err.code === 'auth.provider_requires_app_password' && err.extra.details?.credentialRejected === true));

/**
 * Validates, rate-limits (before any server is contacted), verifies the password on the incoming server, then
 * creates the user if new and a session. Throws the feature's AppErrors. A verified IMAP connection comes back as
 * `connection` (the caller owns it); on any error after the login it is logged out here.
 */
export async function signIn<Early = unknown>(
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent: string | null;
    /** this browser's known-device cookie, if any: vouches for the accounts that signed in here before */
    knownDevice?: (account: string) => string | null;
  },
  deps: SignInDeps<Early>,
): Promise<SignedIn & { connection?: ImapFlow; early?: Promise<Early | null> }> {
  const email = normalizeEmail(input.email);
  if (!email) throw authErrors.invalidEmail();
  if (input.password === '') throw authErrors.passwordRequired();
  const now = deps.now ?? (() => new Date());
  const steps = deps.steps ?? noStepTimes;

  const attempt = await steps.time('limits', () =>
    deps.limiter.begin({ ip: input.ip, account: email, knownDevice: input.knownDevice?.(email) ?? null }),
  );
  let servers: AccountServers | null = null;
  let connection: ImapFlow | undefined;
  try {
    servers = await steps.time('servers', () => deps.resolveServers(email));
    const found = servers;
    if (found)
      connection =
        (await steps.time('login', () =>
          deps.verifyLogin(
            { login: found.login, password: input.password, server: found.incoming, clientIp: input.ip },
            found.protocol,
          ),
        )) ?? undefined;
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
  const account = settleLater<string>();
  // a failure of the early work only leaves its result out (null); the caller owns the connection either way
  const verified = { login: servers.login, incoming: servers.incoming };
  const early =
    connection && deps.onLogin ? deps.onLogin(connection, account.promise, verified).catch(() => null) : undefined;
  try {
    await steps.time('counted', () => attempt.succeeded());
    const signedIn = await createSession(email, input, servers, { ...deps, steps, onAccount: account.resolve }, now());
    return { ...signedIn, connection, ...(early ? { early } : {}) };
  } catch (err) {
    account.reject(err);
    if (connection) await logoutQuietly(connection);
    throw err;
  }
}

/**
 * `promise`'s value, or null when it has not settled within `ms` (it runs on; its later value is dropped). For work
 * the answer may carry but must not wait long for.
 */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise settled from outside; a rejection nobody awaits is not an unhandled one. */
function settleLater<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

async function createSession(
  email: string,
  input: { password: string; ip: string; userAgent: string | null },
  servers: AccountServers,
  deps: SignInDeps & { steps: StepTimes; onAccount: (accountId: string) => void },
  at: Date,
): Promise<SignedIn> {
  const { steps } = deps;
  const user = await steps.time('user', () => deps.repo.upsertUser(email, at));
  // the caps need only the user: checked while the account row is written
  const [account] = await Promise.all([
    steps.time('account', async () => {
      const written = await deps.accounts.ensurePrimary(user.id, {
        email,
        protocol: servers.protocol,
        login: servers.login,
        incoming: servers.incoming,
        smtp: servers.smtp,
      });
      deps.onAccount(written.id);
      return written;
    }),
    steps.time('admit', async () => deps.admit?.(user.id)),
  ]);
  const session = await steps.time('session', () =>
    deps.sessions.create({
      userId: user.id,
      passwords: [{ accountId: account.id, password: input.password }],
      userAgent: input.userAgent,
      ip: input.ip,
    }),
  );
  // the tag's KDF is not on the answer's path (decision 036): it runs when asked, once
  let tagged: Promise<boolean> | undefined;
  const passwordChanged = () => (tagged ??= deps.sessions.passwordChanged(account, input.password));
  const mail: MailAccount = {
    id: account.id,
    email,
    protocol: servers.protocol,
    login: servers.login,
    password: input.password,
    incoming: servers.incoming,
    smtp: servers.smtp,
  };
  return {
    ...session,
    email: user.email,
    userId: user.id,
    accountId: account.id,
    protocol: servers.protocol,
    passwordChanged,
    auth: {
      sessionId: session.sessionId,
      userId: user.id,
      email: user.email,
      account: mail,
      accounts: [mail],
      expiresAt: session.expiresAt,
    },
  };
}
