import fp from 'fastify-plugin';
import csrf from '@fastify/csrf-protection';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '@pigeon/shared';
import type { Config } from '../config.ts';
import { loadServerSecret } from './crypto/server-secret.ts';
import { createAuthRepository } from '../features/auth/auth.repository.ts';
import { createSessionStore, type SessionStore } from '../features/auth/auth.service.ts';
import { authErrors } from '../features/auth/auth.errors.ts';
import type { AuthedSession } from './auth.types.ts';

export const SESSION_COOKIE = 'pigeon_session';
export const CSRF_COOKIE = 'pigeon_csrf';

/** Session lifecycle for the auth routes and for anything that sees a cookie outside a route (socket.io handshake). */
export interface SessionManager extends SessionStore {
  /** the raw session cookie of a request */
  readCookie(request: FastifyRequest): string | undefined;
  setCookie(request: FastifyRequest, reply: FastifyReply, cookieValue: string): void;
  clearCookie(request: FastifyRequest, reply: FastifyReply): void;
  /** a token for the `x-csrf-token` header; sets the CSRF secret cookie when the browser has none */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionManager;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookie sessions (`<id>.<secret>`, only a hash and an encrypted password in the database), `app.authenticate`,
 * and CSRF protection of every state-changing /api request: same-origin check plus a double-submit token.
 */
export const sessionPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const serverSecret = await loadServerSecret(config);
    const store = createSessionStore({
      repo: createAuthRepository(app.db),
      serverSecret,
      maxAgeDays: config.sessionMaxAgeDays,
    });
    const maxAge = config.sessionMaxAgeDays * 86_400;

    const secure = (request: FastifyRequest): boolean =>
      config.cookieSecure === 'always' || (config.cookieSecure === 'auto' && request.protocol === 'https');
    const cookieOptions = (request: FastifyRequest): CookieSerializeOptions => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(request),
      maxAge,
    });

    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', maxAge },
      getToken: (request) => headerValue(request, CSRF_HEADER),
    });

    const sessions: SessionManager = {
      ...store,
      readCookie: (request) => request.cookies[SESSION_COOKIE],
      setCookie: (request, reply, cookieValue) =>
        void reply.setCookie(SESSION_COOKIE, cookieValue, cookieOptions(request)),
      clearCookie: (request, reply) => void reply.clearCookie(SESSION_COOKIE, { ...cookieOptions(request), maxAge: 0 }),
      csrfToken: (request, reply) => reply.generateCsrf({ secure: secure(request) }),
    };
    app.decorate('sessions', sessions);

    app.decorateRequest('auth', null);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const auth: AuthedSession | null = await store.resolve(request.cookies[SESSION_COOKIE], request.ip);
      if (!auth) throw authErrors.notSignedIn();
      request.auth = auth;
    });

    app.addHook('onRequest', (request, reply, done) => {
      // the matched route, not only the raw URL: the router decodes `/%61pi/...` to an /api route
      const underApi = isApiPath(request.routeOptions.url ?? '') || isApiPath(request.url);
      if (!UNSAFE_METHODS.has(request.method) || !underApi) return done();
      const crossSite = crossSiteReason(request);
      if (crossSite) return done(authErrors.csrfInvalid(crossSite));
      // FST_CSRF_* errors are rendered as auth.csrf_invalid by the errors plugin
      app.csrfProtection(request, reply, done);
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
