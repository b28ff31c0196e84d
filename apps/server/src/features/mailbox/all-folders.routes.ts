import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountParams, AllFoldersPage, AllFoldersQuery, PAGE_SIZE } from '@pigeon/shared';
import { closedSignal } from '../../core/closed-signal.ts';
import { searchAllFolders } from './all-folders.service.ts';
import type { ListOrderCache } from './list-order-cache.ts';
import { parseListView } from './list-view.ts';
import { sessionOf } from './mailbox.routes.ts';

/** GET /api/accounts/:accountId/search: the search scope "all folders" (decision 032). */
export const allFoldersRoutes: FastifyPluginAsync<{ listOrders: ListOrderCache }> = async (app, { listOrders }) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // under /api/accounts/:accountId: sessionOf(request) is already scoped to that account (api-auth.plugin.ts)
  r.get(
    '/api/accounts/:accountId/search',
    { schema: { params: AccountParams, querystring: AllFoldersQuery, response: { 200: AllFoldersPage } } },
    async (request, reply) => {
      const { cursor, limit = PAGE_SIZE, ...fields } = request.query;
      const view = parseListView(fields);
      const auth = sessionOf(request);
      const { mailboxes } = await app.mail.of(auth, request.params.accountId).folders();
      return searchAllFolders({
        folders: mailboxes,
        inFolder: (path, use) => app.imap.withMailbox(auth, path, use),
        view,
        cursor,
        limit,
        signal: closedSignal(reply),
        cache: listOrders,
        owner: auth.account.id,
      });
    },
  );
};
