import type { FastifyReply } from 'fastify';

/** Aborted when the client goes away before the response is written (a cancelled fetch, a closed tab). */
export function closedSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
