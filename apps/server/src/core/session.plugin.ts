import fp from 'fastify-plugin';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '@pigeon/shared';
import type { Config } from '../config.ts';
import { loadServerSecret } from './crypto/server-secret.ts';
import { createSessionRepository } from './session.repository.ts';
import { createSessionStore, type SessionStore } from './session-store.ts';
import { SessionCheckCache } from './session-check-cache.ts';
import { sessionErrors } from './session.errors.ts';
import type { AuthedSession } from './auth.types.ts';
import { parseSessionCookie } from './crypto/session-token.ts';
import { cookieNames, createCsrfTokens, type CookieNames } from './csrf.ts';

/** the cookie names over plain http (and with COOKIE_SECURE=never); Secure cookies are `__Host-` (csrf.ts) */
export const SESSION_COOKIE = cookieNames(false).session;
export const CSRF_COOKIE = cookieNames(false).csrf;

/** Whether cookies of a request over `protocol` are Secure (and so `__Host-` named), per COOKIE_SECURE. */
export const cookiesSecure = (setting: Config['cookieSecure'], protocol: string): boolean =>
  setting === 'always' || (setting === 'auto' && protocol === 'https');

/** The cookie names of a request over `protocol`: the same server may be reached over http and https (auto). */
export const cookieNamesFor = (setting: Config['cookieSecure'], protocol: string): CookieNames =>
  cookieNames(cookiesSecure(setting, protocol));

/** Session lifecycle for the auth routes and for anything that sees a cookie outside a route (socket.io handshake). */
export interface SessionManager extends SessionStore {
  /** the raw session cookie of a request */
  readCookie(request: FastifyRequest): string | undefined;
  setCookie(request: FastifyRequest, reply: FastifyReply, cookieValue: string): void;
  clearCookie(request: FastifyRequest, reply: FastifyReply): void;
  /**
   * a token for the `x-csrf-token` header, bound to the request's session (or `sessionId`, the one just created);
   * sets the CSRF secret cookie when the browser has none, or a new one with `rotate` (sign-in)
   */
  csrfToken(request: FastifyRequest, reply: FastifyReply, opts?: { sessionId?: string; rotate?: boolean }): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionManager;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookie sessions (`<id>.<secret>`, only a hash and an encrypted password in the database), `app.authenticate`,
 * and CSRF protection of every state-changing /api request: same-origin check plus a token bound to the session.
 */
export const sessionPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const serverSecret = await loadServerSecret(config);
    const store = createSessionStore({
      repo: createSessionRepository(app.db),
      serverSecret,
      maxAgeDays: config.sessionMaxAgeDays,
      // untrusted until the revocation plugin's channel listens (core/revocation/revocation.plugin.ts)
      checks: new SessionCheckCache(config.sessionCheckCache),
    });
    const maxAge = config.sessionMaxAgeDays * 86_400;

    const secure = (request: FastifyRequest): boolean => cookiesSecure(config.cookieSecure, request.protocol);
    const names = (request: FastifyRequest) => cookieNames(secure(request));
    const cookieOptions = (request: FastifyRequest): CookieSerializeOptions => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(request),
      maxAge,
    });
    const csrf = createCsrfTokens(serverSecret);
    const readCookie = (request: FastifyRequest) => request.cookies[names(request).session];
    // the id half of the session cookie, unverified: a token is bound to whatever session the browser presents
    const sessionIdOf = (request: FastifyRequest) => parseSessionCookie(readCookie(request))?.id ?? null;

    const sessions: SessionManager = {
      ...store,
      readCookie,
      setCookie: (request, reply, cookieValue) =>
        void reply.setCookie(names(request).session, cookieValue, cookieOptions(request)),
      clearCookie: (request, reply) =>
        void reply.clearCookie(names(request).session, { ...cookieOptions(request), maxAge: 0 }),
      csrfToken: (request, reply, opts = {}) => {
        let secret = opts.rotate ? undefined : request.cookies[names(request).csrf];
        if (!secret) {
          secret = csrf.newSecret();
          reply.setCookie(names(request).csrf, secret, cookieOptions(request));
        }
        return csrf.token(secret, opts.sessionId ?? sessionIdOf(request));
      },
    };
    app.decorate('sessions', sessions);

    app.decorateRequest('auth', null);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const auth: AuthedSession | null = await store.resolve(readCookie(request), request.ip);
      if (!auth) throw sessionErrors.notSignedIn();
      request.auth = auth;
    });

    app.addHook('onRequest', (request, reply, done) => {
      // the matched route, not only the raw URL: the router decodes `/%61pi/...` to an /api route
      const underApi = isApiPath(request.routeOptions.url ?? '') || isApiPath(request.url);
      if (!UNSAFE_METHODS.has(request.method) || !underApi) return done();
      const crossSite = crossSiteReason(request);
      if (crossSite) return done(sessionErrors.csrfInvalid(crossSite));
      const token = headerValue(request, CSRF_HEADER);
      if (!csrf.valid(request.cookies[names(request).csrf], token, sessionIdOf(request)))
        return done(
          sessionErrors.csrfInvalid(token ? 'The CSRF token does not fit this session.' : 'The CSRF token is missing.'),
        );
      done();
    });
  },
  { name: 'pigeon-session' },
);

const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** Why a state-changing request looks cross-site (Fetch Metadata, then Origin), or null when it does not. */
export function crossSiteReason(request: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>): string | null {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none')
    return `Cross-site request refused (Sec-Fetch-Site: ${site}).`;
  const origin = request.headers.origin;
  const own = `${request.protocol}://${request.host}`;
  if (typeof origin === 'string' && origin.toLowerCase() !== own.toLowerCase()) {
    // the usual cause in a real deployment: a TLS proxy without TRUST_PROXY, or one that rewrites Host
    return `Cross-origin request refused: Origin ${origin.slice(0, 200)} is not ${own} (behind a proxy: set TRUST_PROXY to its address or hop count and forward Host and X-Forwarded-Proto).`;
  }
  return null;
}
