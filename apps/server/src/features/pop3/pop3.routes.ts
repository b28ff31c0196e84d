import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AccountParams, ErrorBody, Pop3Options, Pop3OptionsPatch, Pop3Status } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import type { AuthedSession } from '../../core/auth.types.ts';
import type { Pop3Ledger } from '../../mail/pop3/pop3-ledger.repository.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { pop3Errors } from './pop3.errors.ts';
import { pop3Status, updatePop3Options } from './pop3.service.ts';

const BASE = '/api/accounts/:accountId/pop3';

/** The route's account (api-auth scoped the session to it), which must be a POP3 one. */
function pop3Account(request: FastifyRequest): AuthedSession {
  const auth = sessionOf(request);
  if (auth.account.protocol !== 'pop3') throw pop3Errors.notPop3();
  return auth;
}

/** A POP3 account's options, status and "check now" (decision 026). */
export const pop3Routes: FastifyPluginAsync<{ config: Config; repo: Pop3Ledger }> = async (
  fastify,
  { config, repo },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const defaultCheckIntervalMinutes = config.pop3.checkIntervalMinutes;

  app.get(
    BASE,
    { schema: { params: AccountParams, response: { 200: Pop3Status, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { account } = pop3Account(request);
      reply.header('Cache-Control', 'private, no-store');
      const checking = app.live.running(account.id)?.isChecking?.() ?? false;
      return pop3Status(repo, account.id, { checking, defaultCheckIntervalMinutes });
    },
  );

  app.patch(
    BASE,
    { schema: { params: AccountParams, body: Pop3OptionsPatch, response: { 200: Pop3Options, '4xx': ErrorBody } } },
    async (request) => updatePop3Options(repo, pop3Account(request).account.id, request.body),
  );

  app.post(
    `${BASE}/check`,
    { schema: { params: AccountParams, response: { 202: Type.Object({}), '4xx': ErrorBody } } },
    async (request, reply) => {
      const auth = pop3Account(request);
      // the account's watcher (opened if no device holds it yet); progress and new mail arrive as its events
      app.live.open(auth.userId, auth.account);
      void app.live.running(auth.account.id)?.checkNow?.();
      return reply.code(202).send({});
    },
  );
};
