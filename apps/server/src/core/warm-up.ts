import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '@pigeon/shared';
import type { Config } from '../config.ts';
import { formatSessionCookie, newSessionToken } from './crypto/session-token.ts';
import { cookieNamesFor } from './session.plugin.ts';

/**
 * Takes the paths a restarted server's first devices take once before it listens, so they do not pay for a cold
 * process (decision 007, "Reconnecting"): the readiness check, and a session lookup as the socket handshake and every
 * API request make it (Prisma compiles each query shape on first use). The cookie names no session: nothing is written.
 */
export async function warmUp(app: FastifyInstance, config: Config): Promise<void> {
  const cookie = `${cookieNamesFor(config.cookieSecure, 'http').session}=${formatSessionCookie(newSessionToken())}`;
  await app.inject({ method: 'GET', url: '/readyz' });
  await app.inject({ method: 'GET', url: apiRoutes.session, headers: { cookie } });
  await app.sessions.resolve(formatSessionCookie(newSessionToken()));
}
