import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AccountParams, MailboxList } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { AppError } from '../../core/app-error.ts';
import type { AuthedSession } from '../../core/auth.types.ts';

/** The session `app.authenticate` put on the request. */
export function sessionOf(request: FastifyRequest): AuthedSession {
  if (!request.auth) throw new AppError(401, 'auth.not_signed_in', 'Please sign in.');
  return request.auth;
}

export const mailboxRoutes: FastifyPluginAsync<{ config: Config }> = async (app) => {
  // not through the TypeBox provider: it infers MailboxRole (a union built with .map) as null
  app.get<{ Params: AccountParams }>(
    '/api/accounts/:accountId/mailboxes',
    { schema: { params: AccountParams, response: { 200: MailboxList } } },
    async (request): Promise<MailboxList> => app.mail.of(sessionOf(request), request.params.accountId).folders(),
  );
};
