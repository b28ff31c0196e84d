import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ChangesQuery, MailboxChanges, MailboxParams } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../../core/signed-in.ts';

/** GET /api/accounts/:accountId/mailboxes/:path/changes?since=<syncToken>: the resync after every reconnect. */
export const syncRoutes: FastifyPluginAsync<{ config: Config }> = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/accounts/:accountId/mailboxes/:path/changes',
    {
      schema: { params: MailboxParams, querystring: ChangesQuery, response: { 200: MailboxChanges } },
    },
    async (request, reply) => {
      const { accountId, path } = request.params;
      reply.header('Cache-Control', 'private, no-store');
      return app.mail.of(sessionOf(request), accountId).changesSince(path, request.query.since);
    },
  );
};
