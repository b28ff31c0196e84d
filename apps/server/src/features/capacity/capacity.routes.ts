import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountParams,
  ExportAcrossQuery,
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
import { exportEmlZip, exportEmlZipAcross, parseFolderSelection, parseUidList } from './export.service.ts';

/** Sends the zip as messages.zip; settles when it is written (or the client left): the store holds the folder until then. */
const sendZip = (reply: FastifyReply) => async (zip: Readable) => {
  reply
    .header('Content-Disposition', dispositionHeader('messages.zip'))
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .type('application/zip');
  void reply.send(zip);
  await finished(zip).catch(() => {});
};

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
      await exportEmlZip({ mail, path, uids, use: sendZip(reply) });
      return reply;
    },
  );

  r.get(
    '/api/accounts/:accountId/messages/export',
    {
      schema: {
        params: AccountParams,
        querystring: ExportAcrossQuery,
        response: { 200: fileResponse('messages of several folders as .eml files in one zip', 'application/zip') },
      },
    },
    async (request, reply) => {
      const folders = parseFolderSelection(request.query.f);
      const mail = app.mail.of(sessionOf(request));
      await exportEmlZipAcross({ mail, folders, use: sendZip(reply) });
      return reply;
    },
  );
};
