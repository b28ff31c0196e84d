import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountParams,
  ExportQuery,
  FolderSizes,
  LARGEST_MAX,
  LargestMessages,
  LargestQuery,
  MailboxParams,
  QuotaAnswer,
  fileResponse,
} from '@pigeon/shared';
import { sessionOf } from '../../core/signed-in.ts';
import { dispositionHeader } from '../message/disposition.ts';
import { exportEmlZip, parseUidList } from './export.service.ts';

/** Quota, "free up space" and .eml export: reads only; deleting and archiving go through the message actions. */
export const capacityRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/accounts/:accountId/quota',
    { schema: { params: AccountParams, response: { 200: QuotaAnswer } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-store');
      return app.mail.of(sessionOf(request)).quota();
    },
  );

  r.get(
    '/api/accounts/:accountId/capacity/folders',
    { schema: { params: AccountParams, response: { 200: FolderSizes } } },
    async (request) => {
      return app.mail.of(sessionOf(request)).folderSizes();
    },
  );

  r.get(
    '/api/accounts/:accountId/capacity/largest',
    { schema: { params: AccountParams, querystring: LargestQuery, response: { 200: LargestMessages } } },
    async (request) => {
      const { path, by, limit = LARGEST_MAX / 4 } = request.query;
      return app.mail.of(sessionOf(request)).largestMessages({ path, by, limit });
    },
  );

  r.get(
    '/api/accounts/:accountId/mailboxes/:path/messages/export',
    {
      schema: {
        params: MailboxParams,
        querystring: ExportQuery,
        response: { 200: fileResponse('the messages as .eml files in one zip', 'application/zip') },
      },
    },
    async (request, reply) => {
      const { path } = request.params;
      const uids = parseUidList(request.query.uids);
      const mail = app.mail.of(sessionOf(request));
      const use = async (zip: Readable) => {
        reply
          .header('Content-Disposition', dispositionHeader('messages.zip'))
          .header('Cache-Control', 'private, no-store')
          .header('X-Content-Type-Options', 'nosniff')
          .type('application/zip');
        void reply.send(zip);
        // the downloads read the folder: the store holds it until the zip is written (or the client left)
        await finished(zip).catch(() => {});
      };
      await exportEmlZip({ mail, path, uids, use });
      return reply;
    },
  );
};
