import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountList, ErrorBody, apiRoutes } from '@pigeon/shared';
import { sessionErrors } from '../../core/session.errors.ts';
import type { AccountsService } from './accounts.service.ts';

/** GET /api/accounts: the signed-in user's mail accounts (the web app uses the primary one). */
export const accountsRoutes: FastifyPluginAsync<{ accounts: AccountsService }> = async (fastify, { accounts }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    apiRoutes.accounts,
    { schema: { response: { 200: AccountList, '4xx': ErrorBody } } },
    async (request, reply) => {
      if (!request.auth) throw sessionErrors.notSignedIn();
      reply.header('Cache-Control', 'private, no-store');
      return { accounts: await accounts.list(request.auth.userId) };
    },
  );
};
