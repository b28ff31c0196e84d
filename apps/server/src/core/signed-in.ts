import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error.ts';
import type { AuthedSession } from './auth.types.ts';

/** The session `app.authenticate` put on the request; 401 auth.not_signed_in on a route without it. */
export function sessionOf(request: FastifyRequest): AuthedSession {
  if (!request.auth) throw new AppError(401, 'auth.not_signed_in', 'Please sign in.');
  return request.auth;
}
