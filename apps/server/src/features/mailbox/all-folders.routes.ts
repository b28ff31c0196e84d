import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountParams, AllFoldersPage, AllFoldersQuery, PAGE_SIZE, type AllFoldersLine } from '@pigeon/shared';
import { closedSignal } from '../../core/closed-signal.ts';
import { parseListView } from '../../mail/list/list-view.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { errorLine, ProgressLines, wantsLines } from '../../core/progress-lines.ts';

/**
 * GET /api/accounts/:accountId/search: the search scope "all folders" (decision 032). Asked for as JSON lines, it
 * says which folder of how many it is searching as it goes, then gives the page (decision 038).
 */
export const allFoldersRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // under /api/accounts/:accountId: sessionOf(request) is already scoped to that account (api-auth.plugin.ts)
  r.get(
    '/api/accounts/:accountId/search',
    { schema: { params: AccountParams, querystring: AllFoldersQuery, response: { 200: AllFoldersPage } } },
    async (request, reply) => {
      const { cursor, limit = PAGE_SIZE, anywhere, ...fields } = request.query;
      const store = app.mail.of(sessionOf(request), request.params.accountId);
      const opts = { cursor, limit, anywhere, signal: closedSignal(reply) };
      if (!wantsLines(request.headers.accept)) return store.searchAll(parseListView(fields), opts);
      const lines = new ProgressLines<AllFoldersLine>(reply);
      try {
        const page = await store.searchAll(parseListView(fields), {
          ...opts,
          onProgress: (progress) => lines.write({ progress }),
        });
        if (!lines.started) return page; // no folder to search: a plain answer
        lines.end({ page });
      } catch (err) {
        if (!lines.started) throw err;
        lines.end(errorLine(err));
      }
      return reply;
    },
  );
};
