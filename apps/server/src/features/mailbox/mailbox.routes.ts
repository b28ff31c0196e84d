import type { FastifyPluginAsync } from 'fastify';
import { AccountParams, MailboxList } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../../core/signed-in.ts';

export const mailboxRoutes: FastifyPluginAsync<{ config: Config }> = async (app) => {
  // not through the TypeBox provider: it infers MailboxRole (a union built with .map) as null
  app.get<{ Params: AccountParams }>(
    '/api/accounts/:accountId/mailboxes',
    { schema: { params: AccountParams, response: { 200: MailboxList } } },
    async (request): Promise<MailboxList> => app.mail.of(sessionOf(request), request.params.accountId).folders(),
  );
};
