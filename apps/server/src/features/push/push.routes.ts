import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, PushState, PushSubscribe, apiRoutes, type MessageAddedEvent } from '@pigeon/shared';
import { roomOf } from '../../core/realtime.plugin.ts';
import { sessionOf } from '../../core/signed-in.ts';
import { notifyNewMail, pushState, subscribe, unsubscribe, type Push } from './push.service.ts';

const INBOX = 'INBOX';

/**
 * Web push (decision 027): a device subscribes or unsubscribes itself; new mail in an Inbox is pushed to the
 * user's subscribed devices when none of their devices has a socket open (then the page shows it itself).
 */
export const pushRoutes: FastifyPluginAsync<{ push: Push }> = async (fastify, { push }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const device = (request: Parameters<typeof sessionOf>[0]) => {
    const s = sessionOf(request);
    return { push, userId: s.userId, sessionId: s.sessionId };
  };
  const response = { 200: PushState, '4xx': ErrorBody, '5xx': ErrorBody };

  app.get(apiRoutes.push, { schema: { response } }, async (request) => pushState(device(request)));
  app.put(apiRoutes.pushSubscription, { schema: { body: PushSubscribe, response } }, async (request) =>
    subscribe(device(request), request.body),
  );
  app.delete(apiRoutes.pushSubscription, { schema: { response } }, async (request) => unsubscribe(device(request)));

  if (!push.publicKey) return;
  app.accountEvents.onEvent((ref, event, payload) => {
    if (event !== 'message.added') return;
    const added = payload as MessageAddedEvent;
    if (added.path !== INBOX) return;
    void (async () => {
      // any instance's socket counts (the Redis adapter answers for all of them)
      const sockets = await app.io.in(roomOf(ref.userId)).fetchSockets();
      if (sockets.length > 0) return;
      const outcome = await notifyNewMail({ push, userId: ref.userId, event: added, now: new Date() });
      app.log.info({ userId: ref.userId, ...outcome }, 'web push: new mail');
    })().catch((err: unknown) =>
      app.log.warn({ err: { message: (err as Error).message } }, 'web push: sending failed'),
    );
  });
};
