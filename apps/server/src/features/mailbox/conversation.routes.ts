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
import { applyMessageAction } from '../message/message-actions.service.ts';
import { sessionOf } from './mailbox.routes.ts';
import { roleFolders } from './mailbox.service.ts';
import type { ListOrderCache } from './list-order-cache.ts';
import {
  conversationPage,
  conversationRows,
  conversationUids,
  mergeConversation,
  repliesIn,
} from './conversation.service.ts';

const BASE = '/api/accounts/:accountId/mailboxes/:path/conversations';

export const conversationRoutes: FastifyPluginAsync<{ listOrders: ListOrderCache }> = async (app, { listOrders }) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // under /api/accounts/:accountId: sessionOf(request) is already scoped to that account (api-auth.plugin.ts)

  r.get(
    BASE,
    {
      schema: { params: MailboxParams, querystring: ConversationListQuery, response: { 200: ConversationPage } },
    },
    async (request) => {
      const { path } = request.params;
      const { before, limit = PAGE_SIZE } = request.query;
      const session = sessionOf(request);
      return app.imap.withMailbox(session, path, (client) =>
        conversationPage({ client, path, before, limit, cache: listOrders, owner: session.account.id }),
      );
    },
  );

  r.get(
    `${BASE}/:id`,
    { schema: { params: ConversationParams, response: { 200: ConversationDetail } } },
    async (request, reply) => {
      const { path, id } = request.params;
      reply.header('Cache-Control', 'private, no-store');
      const session = sessionOf(request);
      const here = await app.imap.withMailbox(session, path, async (client) => {
        const uids = await conversationUids({ client, path, id, cache: listOrders, owner: session.account.id });
        return { uids, sent: (await roleFolders({ client })).sent, ...(await conversationRows(client, path, uids)) };
      });
      const sent = here.sent && here.sent !== path ? here.sent : null;
      const replies = sent
        ? await app.imap.withMailbox(session, sent, (client) => repliesIn(client, sent, here.ids, here.answered))
        : [];
      return { id, path, uids: here.uids, messages: mergeConversation([here.messages, replies]) };
    },
  );

  r.post(
    `${BASE}/:id/actions`,
    {
      schema: { params: ConversationParams, body: ConversationActionBody, response: { 200: MessageActionResult } },
    },
    async (request) => {
      const { path, id } = request.params;
      const session = sessionOf(request);
      return app.imap.withMailbox(session, path, async (client) => {
        const uids = await conversationUids({ client, path, id, cache: listOrders, owner: session.account.id });
        return applyMessageAction({ client, path, uids, ...request.body });
      });
    },
  );
};
