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
import type { AuthedSession } from '../../core/auth.types.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { DRAFT_BODY_LIMIT } from '../compose/compose.service.ts';
import type { OutboxOwner } from './outbox.repository.ts';
import { enqueueMessage, listOutbox, takeBack, type EnqueueDeps } from './outbox.service.ts';
import type { OutboxWorker } from './outbox.worker.ts';

// the account the route names (the scope hook put it on the session)
const ownerOf = (s: AuthedSession): OutboxOwner => ({ userId: s.userId, accountId: s.account.id });

/** What the composition root hands the outbox routes (app.ts builds the worker and the repositories once). */
export interface OutboxRoutesDeps extends Omit<EnqueueDeps, 'auth' | 'uploads' | 'now'> {
  worker: Pick<OutboxWorker, 'kick'>;
  /** the files a message names, for one request's session (uploads, forwarded and draft parts) */
  files: (session: AuthedSession) => EnqueueDeps['uploads'];
}

const routes: FastifyPluginAsync<OutboxRoutesDeps> = async (app, deps) => {
  const { worker, files, outbox } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { config, serverSecret, settings, contacts } = deps;
  const enqueueDeps = { config, serverSecret, outbox, settings, contacts };

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
      const key = request.headers[IDEMPOTENCY_KEY_HEADER];
      // a forwarded message's files are read from where they are (no second copy)
      const { item, replayed } = await enqueueMessage(
        { ...enqueueDeps, uploads: files(session), auth: session },
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
export const outboxRoutes = fp(routes, { name: 'outbox', dependencies: ['db'] });
