import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountParams,
  CreateFolderBody,
  ErrorBody,
  FolderBulkResult,
  FolderChange,
  LIST_CHANGED_MAX_MAILBOXES,
  MailboxParams,
  SubscriptionBody,
  UpdateFolderBody,
  type MailboxListChangedEvent,
} from '@pigeon/shared';
import { roomOf } from '../../core/realtime.plugin.ts';
import { sessionOf } from '../../core/signed-in.ts';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const MAILBOXES = '/api/accounts/:accountId/mailboxes';
const BOX = `${MAILBOXES}/:path`;

/** Folder management: every change is made on the IMAP server, then every device of the user gets mailbox.listChanged. */
export const foldersRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** The new list, to the caller and (small enough) inside the event every device of the user receives. */
  async function changed(
    request: FastifyRequest,
    event: Omit<MailboxListChangedEvent, 'mailboxes' | 'accountId'>,
    path: string | null,
  ): Promise<FolderChange> {
    const auth = sessionOf(request);
    const { mailboxes } = await app.mail.of(auth).folders();
    // every event names its account (decision 018)
    const named = { ...event, accountId: auth.account.id };
    const payload = mailboxes.length <= LIST_CHANGED_MAX_MAILBOXES ? { ...named, mailboxes } : named;
    app.metrics.countPushEvent('mailbox.listChanged');
    app.io.to(roomOf(auth.userId)).emit('mailbox.listChanged', payload);
    return { path, mailboxes };
  }

  app.post(
    MAILBOXES,
    { schema: { params: AccountParams, body: CreateFolderBody, response: { 201: FolderChange, ...errors } } },
    async (request, reply) => {
      const path = await app.mail.of(sessionOf(request)).createFolder(request.body.parent, request.body.name);
      return reply.status(201).send(await changed(request, { reason: 'created', path }, path));
    },
  );

  app.patch(
    BOX,
    { schema: { params: MailboxParams, body: UpdateFolderBody, response: { 200: FolderChange, ...errors } } },
    async (request) => {
      const { path } = request.params;
      const to = await app.mail.of(sessionOf(request)).updateFolder(path, request.body);
      return changed(request, { reason: 'renamed', path, newPath: to }, to);
    },
  );

  app.delete(
    BOX,
    { schema: { params: MailboxParams, response: { 200: FolderChange, ...errors } } },
    async (request) => {
      const { path } = request.params;
      await app.mail.of(sessionOf(request)).deleteFolder(path);
      return changed(request, { reason: 'deleted', path }, null);
    },
  );

  app.put(
    `${BOX}/subscription`,
    { schema: { params: MailboxParams, body: SubscriptionBody, response: { 200: FolderChange, ...errors } } },
    async (request) => {
      const { path } = request.params;
      const { subscribed } = request.body;
      await app.mail.of(sessionOf(request)).subscribeFolder(path, subscribed);
      return changed(request, { reason: 'subscribed', path }, path);
    },
  );

  app.post(
    `${BOX}/empty`,
    { schema: { params: MailboxParams, response: { 200: FolderBulkResult, ...errors } } },
    async (request) => {
      const { path } = request.params;
      return app.mail.of(sessionOf(request)).emptyFolder(path);
    },
  );

  app.post(
    `${BOX}/mark-all-read`,
    { schema: { params: MailboxParams, response: { 200: FolderBulkResult, ...errors } } },
    async (request) => {
      const { path } = request.params;
      return app.mail.of(sessionOf(request)).markFolderRead(path);
    },
  );
};
