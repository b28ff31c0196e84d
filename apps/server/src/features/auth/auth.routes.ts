import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ImapFlow } from 'imapflow';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CsrfToken, ErrorBody, SessionInfo, SignInAnswer, SignInBody, apiRoutes } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import type { AuthedSession, MailAccount } from '../../core/auth.types.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { resolveAccountServers, resolveManualAccount } from '../autoconfig/account-servers.ts';
import type { DiscoveryCache } from '../autoconfig/autoconfig.service.ts';
import type { AuthRepository } from './auth.repository.ts';
import { createSignInLimiter } from './auth.rate-limit.ts';
import { logoutQuietly, settledWithin, signIn, verifyPop3Login, type SignedIn } from './auth.service.ts';
import { authErrors } from './auth.errors.ts';
import { isAppError } from '../../core/app-error.ts';
import { createStepTimes, noStepTimes } from '../../core/step-times.ts';
import { startFirstRows, type StartedFirstRows } from '../../mail/imap/first-rows.ts';
import { createKnownDevices, KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_MAX_AGE_SECONDS } from './known-device.ts';

/** the longest the watcher and the password tag wait for the first rows after the answer */
const AFTER_FIRST_ROWS_MAX_MS = 3000;

/** What the composition root hands sign-in. */
export interface AuthRoutesDeps {
  config: Config;
  accounts: AccountsService;
  repo: AuthRepository;
  discoveryCache: DiscoveryCache;
  /** the server half of every session key (core/crypto/server-secret.ts), loaded once by the app */
  serverSecret: Buffer;
  /** messages that waited for a new sign-in (SMTP refused the old login) are sent with this one */
  outbox: { resumeAfterSignIn(auth: AuthedSession): Promise<void> };
}

/** Sign-in, session, sign-out and the CSRF token; the session mechanics live in core/session.plugin.ts. */
export const authRoutes: FastifyPluginAsync<AuthRoutesDeps> = async (
  fastify,
  { config, accounts, repo, discoveryCache, serverSecret, outbox },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const limiter = createSignInLimiter(config, app.redis);
  const knownDevices = createKnownDevices(serverSecret);
  const tls = {
    caFile: config.mailTlsCaFile,
    rejectUnauthorized: config.mailTlsRejectUnauthorized,
    connectTimeoutMs: config.mailConnectTimeoutMs,
  };
  // `__Host-` over HTTPS: no other site or path can set or shadow it
  const deviceCookieName = (request: FastifyRequest) =>
    isSecure(request) ? `__Host-${KNOWN_DEVICE_COOKIE}` : KNOWN_DEVICE_COOKIE;
  const isSecure = (request: FastifyRequest) =>
    config.cookieSecure === 'always' || (config.cookieSecure === 'auto' && request.protocol === 'https');

  // sockets and mail connections of sessions whose rows were just deleted, on every instance
  const ended = async (userId: string) => {
    await app.revocation.ended(userId).catch((err: unknown) => app.log.warn({ err }, 'could not end the sessions'));
  };

  // the account's live watcher starts with the sign-in, so mail is watched before the first device connects;
  // a watcher asking for the password (`reauth`) logs in again, even with the same password, and messages that
  // waited for a new sign-in (SMTP refused the login) are sent with this one
  const openLive = async (auth: AuthedSession, samePassword: boolean) => {
    app.live.signedIn(auth, samePassword);
    await outbox.resumeAfterSignIn(auth);
  };

  // after the answer (decision 036): whether the password changed needs a KDF, and only what follows waits for it;
  // the KDF and the watcher's login start once the answer is written and the first rows are read (or 3 s passed),
  // so neither takes CPU or the mail server from the rows the device waits for
  const afterSignIn = async (session: SignedIn, firstRows: Promise<unknown> | undefined) => {
    await new Promise((resolve) => setImmediate(resolve));
    if (firstRows)
      await settledWithin(
        firstRows.catch(() => null),
        AFTER_FIRST_ROWS_MAX_MS,
      );
    const changed = await session.passwordChanged();
    // a new mail password: sessions holding the old one end (a stolen cookie does not outlive a password change)
    if (changed) {
      await repo.deleteOtherSessions(session.userId, session.sessionId);
      await ended(session.userId);
    }
    await openLive(session.auth, !changed);
  };

  app.get(apiRoutes.csrf, { schema: { response: { 200: CsrfToken } } }, async (request, reply) => ({
    csrfToken: app.sessions.csrfToken(request, reply),
  }));

  // per-user and per-instance caps, checked once the password is known good (so a guess learns nothing)
  const admit = async (request: FastifyRequest, userId: string) => {
    // this browser's own session of the same user is replaced, so it does not count
    const own = await app.sessions.resolve(app.sessions.readCookie(request));
    const replaced = own?.userId === userId ? 1 : 0;
    if ((await repo.countSessions(userId, new Date())) - replaced >= config.sessionsMaxPerUser)
      throw authErrors.tooManySessions(config.sessionsMaxPerUser);
    if (app.live.accountsOf(userId).length === 0 && app.live.accountCount >= config.liveSessionsMax)
      throw authErrors.serverFull();
  };

  app.post(
    apiRoutes.signIn,
    {
      // every sign-in, successful or not: a catch-all mail server must not yield endless sessions
      config: {
        rateLimit: {
          max: config.signInRatePerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            authErrors.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
        },
      },
      schema: { body: SignInBody, response: { 200: SignInAnswer, '4xx': ErrorBody, '5xx': ErrorBody } },
    },
    async (request, reply) => {
      const steps = config.serverTiming ? createStepTimes() : noStepTimes;
      // from the request's arrival to this handler (rate limit, body, CSRF), for the Server-Timing below
      const pre = reply.elapsedTime;
      const { firstPage } = request.body;
      let early: StartedFirstRows | undefined;
      const session = await signIn(
        {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
          userAgent: userAgent(request.headers['user-agent']),
          knownDevice: (account) => knownDevices.keyFor(request.cookies[deviceCookieName(request)], account),
        },
        {
          limiter,
          admit: (userId) => admit(request, userId),
          resolveServers: (email) =>
            request.body.servers
              ? resolveManualAccount(email, request.body.servers, config)
              : resolveAccountServers(email, config, {
                  password: request.body.password,
                  cache: discoveryCache,
                  log: request.log,
                }),
          verifyLogin: (login, protocol) => (protocol === 'pop3' ? verifyPop3Login(login, tls) : app.imapLogin(login)),
          repo,
          accounts,
          sessions: app.sessions,
          steps,
          // the folders and the first page the device shows are read on the login's connection while the rows are
          // written, and come with the answer or wait for the device's first requests (decision 036)
          ...(firstPage
            ? {
                onLogin: (
                  client: ImapFlow,
                  owner: Promise<string>,
                  server: Pick<MailAccount, 'login' | 'incoming'>,
                ) => {
                  const kept = { cache: app.mail.rows, server };
                  early = startFirstRows({ client, path: firstPage, snapshots: app.syncSnapshots, owner, kept, steps });
                  const { folders, rows } = early;
                  void steps.time('first-folders', () => folders).catch(() => {});
                  return steps.time('first', () => rows);
                },
              }
            : {}),
        },
      );
      const { auth } = session;
      // a big folder's page is long to read: the answer does not wait for it, so the browser sets up the mail page
      // while it is read (measured: 50,000 messages, decision 036 part 7); a small one comes with the answer
      const rows = session.early;
      const carried =
        rows && early
          ? early.folders.then(
              ({ mailboxes }) =>
                (mailboxes.find((m) => m.path === firstPage)?.total ?? 0) > config.signInFirstRowsCarryMax
                  ? null
                  : rows,
              () => null,
            )
          : undefined;
      try {
        // this browser's previous session (if any) is replaced, not left behind
        await steps.time('replace', async () => {
          const previous = await app.sessions.remove(app.sessions.readCookie(request));
          if (previous) await ended(previous.userId);
        });
      } catch (err) {
        if (session.connection) await logoutQuietly(session.connection);
        throw err;
      }
      // what the early work read, when it is ready within the bound; otherwise the answer goes without it, and the
      // device's first folder list and page requests take that same reading when it is done (no second read)
      // (0 never carries them: a reading that happened to finish before the session was saved would race a 0 ms timer)
      const first =
        (carried && config.signInFirstRowsWaitMs > 0 && (await settledWithin(carried, config.signInFirstRowsWaitMs))) ||
        undefined;
      if (!first && early && firstPage)
        app.mail.firstRows.offer(auth.sessionId, session.accountId, {
          path: firstPage,
          folders: early.folders,
          page: early.rows.then((r) => r.page),
        });
      // the login that proved the password stays open as the account's command connection: what the web asks for
      // next needs no login of its own (decision 024)
      if (session.connection) {
        const connection = session.connection;
        await steps.time('adopt', () => app.imap.adopt(auth, connection));
      }
      app.sessions.setCookie(request, reply, session.cookieValue);
      reply.setCookie(
        deviceCookieName(request),
        knownDevices.remember(request.cookies[deviceCookieName(request)], session.email),
        {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: isSecure(request),
          maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
        },
      );
      void afterSignIn(session, early?.rows).catch((err: unknown) =>
        app.log.warn({ err }, 'could not open the live session'),
      );
      // where the time went, for DevTools and bench/sign-in-waterfall.ts; only a proved password gets it
      if (config.serverTiming)
        reply.header(
          'server-timing',
          `pre;dur=${pre.toFixed(1)}, ${steps.header()}, handler;dur=${(reply.elapsedTime - pre).toFixed(1)}`,
        );
      // a new CSRF secret with the new session: a token read before the sign-in is worth nothing after it
      return {
        email: session.email,
        accountId: session.accountId,
        protocol: session.protocol,
        csrfToken: app.sessions.csrfToken(request, reply, { sessionId: session.sessionId, rotate: true }),
        ...(first ? { first } : {}),
      };
    },
  );

  app.get(
    apiRoutes.session,
    { schema: { response: { 200: SessionInfo, '4xx': ErrorBody } } },
    async (request, reply) => {
      // public so that a signed-out browser's probe also brings the token its sign-in sends: one request, not two
      await app.authenticate(request).catch((error: unknown) => {
        throw isAppError(error) && error.code === 'auth.not_signed_in'
          ? authErrors.signedOut(app.sessions.csrfToken(request, reply))
          : error;
      });
      return {
        email: request.auth!.email,
        accountId: request.auth!.account.id,
        protocol: request.auth!.account.protocol,
        csrfToken: app.sessions.csrfToken(request, reply),
      };
    },
  );

  app.post(
    apiRoutes.signOut,
    { schema: { response: { 204: Type.Null(), '4xx': ErrorBody } } },
    async (request, reply) => {
      const removed = await app.sessions.remove(app.sessions.readCookie(request));
      app.sessions.clearCookie(request, reply);
      if (removed) await ended(removed.userId);
      return reply.status(204).send(null);
    },
  );
};

const userAgent = (ua: string | undefined): string | null => (ua ? ua.slice(0, 512) : null);
