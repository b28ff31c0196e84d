import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FolderSizes, LARGEST_MAX, LargestMessages, LargestQuery, QuotaAnswer, apiRoutes } from '@pigeon/shared';
import { sessionOf } from '../mailbox/mailbox.routes.ts';
import { FolderSizeCache } from './folder-size-cache.ts';
import { folderSizes, getQuota, largestMessages } from './capacity.service.ts';

/** Quota and "free up space": reads only; deleting and archiving go through the message actions. */
export const capacityRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const cache = new FolderSizeCache();

  r.get(apiRoutes.quota, { schema: { response: { 200: QuotaAnswer } } }, async (request, reply) => {
    reply.header('Cache-Control', 'private, no-store');
    return app.imap.withClient(sessionOf(request), (client) => getQuota({ client }));
  });

  r.get(apiRoutes.folderSizes, { schema: { response: { 200: FolderSizes } } }, async (request) => {
    const auth = sessionOf(request);
    return app.imap.withClient(auth, (client) => folderSizes({ client, cache, owner: auth.userId }));
  });

  r.get(
    apiRoutes.largestPath,
    { schema: { querystring: LargestQuery, response: { 200: LargestMessages } } },
    async (request) => {
      const { path, by, limit = LARGEST_MAX / 4 } = request.query;
      return app.imap.withClient(sessionOf(request), (client) => largestMessages({ client, path, by, limit }));
    },
  );
};
