import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountParams,
  ComposeDraft,
  IDEMPOTENCY_KEY_HEADER,
  OutboxItem,
  OutboxList,
  OutboxParams,
  OutboxPostHeaders,
} from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { DRAFT_BODY_LIMIT } from '../compose/compose.service.ts';
import { loadServerSecret } from '../../core/crypto/server-secret.ts';
import { partFetcher, withMessageParts } from '../compose/message-parts.ts';
import { createComposeRepository } from '../compose/compose.repository.ts';
import { createContactsRepository } from '../contacts/contacts.repository.ts';
import { sessionOf } from '../mailbox/mailbox.routes.ts';
import { createSettingsRepository } from '../settings/settings.repository.ts';
import { createOutboxRepository, type OutboxOwner } from './outbox.repository.ts';
import type { AuthedSession } from '../../core/auth.types.ts';
import { enqueueMessage, listOutbox, takeBack } from './outbox.service.ts';
import { OutboxWorker } from './outbox.worker.ts';
import { createSmtpSender } from './smtp.ts';
import { roomOf } from '../../core/realtime.plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the outbox delivery loop (started when the app is ready, stopped on close) */
    outbox: OutboxWorker;
  }
}

// the account the route names (the scope hook put it on the session)
const ownerOf = (s: AuthedSession): OutboxOwner => ({ userId: s.userId, accountId: s.account.id });

const routes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const serverSecret = await loadServerSecret(config);
  const outbox = createOutboxRepository(app.db);
  const uploads = createComposeRepository(app.db);
  const worker = new OutboxWorker({
    outbox,
    uploads,
    imap: app.imap,
    send: createSmtpSender({
      caFile: config.mailTlsCaFile,
      rejectUnauthorized: config.mailTlsRejectUnauthorized,
      connectTimeoutMs: config.mailConnectTimeoutMs,
    }),
    serverSecret,
    log: app.log,
    shared: config.redisUrl !== null,
    failedRetentionMs: config.outboxFailedRetentionDays * 86_400_000,
    // the same dialog as a refused IMAP login: through the live session here, else straight to the devices
    onLoginRefused: ({ userId, accountId }, password) => {
      const live = accountId ? app.live.running(accountId) : undefined;
      if (live) live.loginRefused(password);
      else if (accountId) app.io.to(roomOf(userId)).emit('account.stateChanged', { state: 'reauth', accountId });
    },
  });
  app.decorate('outbox', worker);
  app.addHook('onReady', async () => worker.start());
  // before the IMAP plugin's onClose (registered earlier, so it runs later) logs every connection out
  app.addHook('onClose', async () => worker.stop());

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const enqueueDeps = {
    config,
    serverSecret,
    outbox,
    uploads,
    settings: createSettingsRepository(app.db),
    contacts: createContactsRepository(app.db),
  };

  r.post(
    '/api/accounts/:accountId/outbox',
    {
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: {
        params: AccountParams,
        headers: OutboxPostHeaders,
        body: ComposeDraft,
        response: { 200: OutboxItem, 201: OutboxItem },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const maxBytes = config.attachmentMaxBytes;
      // a forwarded message's files are read from where they are (no second copy)
      const files = withMessageParts(
        uploads,
        partFetcher({ imap: app.imap, reader: app.messageReader, session, maxBytes }),
      );
      const key = request.headers[IDEMPOTENCY_KEY_HEADER];
      const { item, replayed } = await enqueueMessage(
        { ...enqueueDeps, uploads: files, auth: session },
        request.body,
        key,
      );
      if (replayed) return reply.status(200).send(item); // queued before under this key: the same message
      worker.kick();
      return reply.status(201).send(item);
    },
  );

  r.get(
    '/api/accounts/:accountId/outbox',
    { schema: { params: AccountParams, response: { 200: OutboxList } } },
    async (request) => ({ items: await listOutbox({ outbox, owner: ownerOf(sessionOf(request)) }) }),
  );

  r.delete(
    '/api/accounts/:accountId/outbox/:id',
    { schema: { params: OutboxParams, response: { 200: ComposeDraft } } },
    async (request) => takeBack({ outbox, owner: ownerOf(sessionOf(request)), id: request.params.id }),
  );
};

/** Sending: POST queues (stored before the answer), GET lists, DELETE takes a message back (undo, edit after failure). */
export const outboxRoutes = fp(routes, { name: 'outbox', dependencies: ['imap', 'db', 'realtime'] });
