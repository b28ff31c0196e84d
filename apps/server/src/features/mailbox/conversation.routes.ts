import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConversationActionBody,
  ConversationDetail,
  ConversationListQuery,
  ConversationPage,
  ConversationParams,
  MailboxParams,
  MessageActionResult,
  PAGE_SIZE,
} from '@pigeon/shared';
import { sessionOf } from '../../core/signed-in.ts';

const BASE = '/api/accounts/:accountId/mailboxes/:path/conversations';

export const conversationRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // under /api/accounts/:accountId: sessionOf(request) is already scoped to that account (api-auth.plugin.ts)

  r.get(
    BASE,
    {
      schema: { params: MailboxParams, querystring: ConversationListQuery, response: { 200: ConversationPage } },
    },
    async (request) => {
      const { accountId, path } = request.params;
      const { before, limit = PAGE_SIZE } = request.query;
      return app.mail.of(sessionOf(request), accountId).conversations(path, { before, limit });
    },
  );

  r.get(
    `${BASE}/:id`,
    { schema: { params: ConversationParams, response: { 200: ConversationDetail } } },
    async (request, reply) => {
      const { accountId, path, id } = request.params;
      reply.header('Cache-Control', 'private, no-store');
      return app.mail.of(sessionOf(request), accountId).conversation(path, id);
    },
  );

  r.post(
    `${BASE}/:id/actions`,
    {
      schema: { params: ConversationParams, body: ConversationActionBody, response: { 200: MessageActionResult } },
    },
    async (request) => {
      const { accountId, path, id } = request.params;
      return app.mail.of(sessionOf(request), accountId).actOnConversation(path, id, request.body);
    },
  );
};
