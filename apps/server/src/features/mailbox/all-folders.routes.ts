import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountParams, AllFoldersPage, AllFoldersQuery, PAGE_SIZE } from '@pigeon/shared';
import { closedSignal } from '../../core/closed-signal.ts';
import { parseListView } from './list-view.ts';
import { sessionOf } from '../../core/signed-in.ts';

/** GET /api/accounts/:accountId/search: the search scope "all folders" (decision 032). */
export const allFoldersRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // under /api/accounts/:accountId: sessionOf(request) is already scoped to that account (api-auth.plugin.ts)
  r.get(
    '/api/accounts/:accountId/search',
    { schema: { params: AccountParams, querystring: AllFoldersQuery, response: { 200: AllFoldersPage } } },
    async (request, reply) => {
      const { cursor, limit = PAGE_SIZE, ...fields } = request.query;
      const store = app.mail.of(sessionOf(request), request.params.accountId);
      return store.searchAll(parseListView(fields), { cursor, limit, signal: closedSignal(reply) });
    },
  );
};
