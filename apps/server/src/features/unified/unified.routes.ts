import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountCounts, ErrorBody, PAGE_SIZE, UnifiedPage, UnifiedQuery, apiRoutes } from '@pigeon/shared';
import type { AuthedSession } from '../../core/auth.types.ts';
import { sessionErrors } from '../../core/session.errors.ts';
import { inboxCounts, unifiedInbox, type InboxSource } from './unified.service.ts';

/** Every account's Inbox at once (decision 034): the unified inbox and the account switcher's counts. */
export const unifiedRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // every account this session holds, the primary first (the api-auth hook has signed the request in)
  const sourcesOf = (auth: AuthedSession | null) => {
    if (!auth) throw sessionErrors.notSignedIn();
    return auth.accounts.map((a): InboxSource => app.mail.of(auth, a.id));
  };

  app.get(
    apiRoutes.unifiedInbox(),
    { schema: { querystring: UnifiedQuery, response: { 200: UnifiedPage, '4xx': ErrorBody } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-store');
      const { cursor, limit = PAGE_SIZE } = request.query;
      return unifiedInbox({ sources: sourcesOf(request.auth), cursor, limit });
    },
  );

  app.get(
    apiRoutes.accountCounts,
    { schema: { response: { 200: AccountCounts, '4xx': ErrorBody } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-store');
      return { counts: await inboxCounts(sourcesOf(request.auth)) };
    },
  );
};
