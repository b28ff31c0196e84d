import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConversationParams, fileResponse, PrintQuery } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';
import { sessionOf } from '../../core/signed-in.ts';
import type { Printable } from '../../mail/reading/message-read.ts';
import { bodyCsp, untrustedBytes } from './message.routes.ts';
import { printConversationDocument } from './print-conversation.ts';

/**
 * GET …/conversations/:id/print: every message of a conversation on one page, oldest first, the user's replies from
 * Sent included (decision 038). The same guarantees as one message's print view (decision 032): the reader frame's
 * CSP, no script, remote content only with `remote`, and a GET changes nothing (nothing is marked read).
 */
export const conversationPrintRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/accounts/:accountId/mailboxes/:path/conversations/:id/print',
    {
      schema: {
        params: ConversationParams,
        querystring: PrintQuery,
        response: {
          200: fileResponse('a printable page of a whole conversation, under the body CSP', 'text/html'),
        },
      },
    },
    async (request, reply) => {
      const { accountId, path, id } = request.params;
      const { lang = 'en', tz, remote = false } = request.query;
      const mail = app.mail.of(sessionOf(request), accountId);
      const { messages } = await mail.conversation(path, id);
      const printed: Printable[] = [];
      for (const m of messages) {
        // one at a time: each holds its folder's lock; a message removed meanwhile is left out, not an error
        const one = await mail.printable(m.path, m.uid, remote).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'message.not_found') return null;
          throw err;
        });
        if (one) printed.push(one);
      }
      return untrustedBytes(reply, bodyCsp(remote, { modals: true }))
        .type('text/html; charset=utf-8')
        .send(printConversationDocument({ messages: printed, lang, timeZone: tz }));
    },
  );
};
