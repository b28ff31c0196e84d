import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountList, AccountParams, AccountSummary, AddAccountBody, ErrorBody, apiRoutes } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { sessionErrors } from '../../core/session.errors.ts';
import type { DiscoveryCache } from '../autoconfig/autoconfig.service.ts';
import { resolveAccountServers, resolveManualAccount } from '../autoconfig/account-servers.ts';
import { authErrors } from '../auth/auth.errors.ts';
import type { AccountsService } from './accounts.service.ts';

/**
 * The signed-in user's mail accounts (decision 034): list, add (discovery and a real login, as at sign-in), remove
 * an added one. GET /api/accounts/counts and the unified inbox are the unified feature's.
 */
export const accountsRoutes: FastifyPluginAsync<{
  accounts: AccountsService;
  config: Config;
  discoveryCache: DiscoveryCache;
}> = async (fastify, { accounts, config, discoveryCache }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiRoutes.accounts,
    { schema: { response: { 200: AccountList, '4xx': ErrorBody } } },
    async (request, reply) => {
      if (!request.auth) throw sessionErrors.notSignedIn();
      reply.header('Cache-Control', 'private, no-store');
      return { accounts: await accounts.list(request.auth) };
    },
  );

  app.post(
    apiRoutes.accounts,
    {
      // a password check like a sign-in: the same per-client rate (the limiter counts failures per address too)
      config: {
        rateLimit: {
          max: config.signInRatePerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            authErrors.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
        },
      },
      schema: { body: AddAccountBody, response: { 201: AccountSummary, '4xx': ErrorBody, '5xx': ErrorBody } },
    },
    async (request, reply) => {
      if (!request.auth) throw sessionErrors.notSignedIn();
      const { servers } = request.body;
      const added = await accounts.add({
        auth: request.auth,
        cookieValue: app.sessions.readCookie(request),
        ip: request.ip,
        email: request.body.email,
        password: request.body.password,
        servers: Boolean(servers),
        resolveServers: (email, password) =>
          servers
            ? resolveManualAccount(email, servers, config)
            : resolveAccountServers(email, config, { password, cache: discoveryCache, log: request.log }),
      });
      return reply.status(201).send(added);
    },
  );

  app.delete(
    '/api/accounts/:accountId',
    { schema: { params: AccountParams, response: { 204: Type.Null(), '4xx': ErrorBody } } },
    async (request, reply) => {
      // the scope hook has answered account.not_found unless this session holds the account
      await accounts.remove(request.auth!, request.params.accountId);
      return reply.status(204).send(null);
    },
  );
};
