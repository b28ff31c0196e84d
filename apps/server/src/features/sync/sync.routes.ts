import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ChangesQuery, MailboxChanges, MailboxParams } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionOf } from '../mailbox/mailbox.routes.ts';
import { changesSince } from './sync.service.ts';

/** GET /api/mailboxes/:path/changes?since=<syncToken>: the resync after every reconnect. */
export const syncRoutes: FastifyPluginAsync<{ config: Config }> = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/mailboxes/:path/changes',
    {
      preHandler: app.authenticate,
      schema: { params: MailboxParams, querystring: ChangesQuery, response: { 200: MailboxChanges } },
    },
    async (request, reply) => {
      const auth = sessionOf(request);
      const { path } = request.params;
      reply.header('Cache-Control', 'private, no-store');
      const { diff: _diff, ...changes } = await app.imap.withMailbox(auth, path, (client) =>
        changesSince({ client, path, since: request.query.since, snapshots: app.syncSnapshots, owner: auth.userId }),
      );
      return changes;
    },
  );
};
