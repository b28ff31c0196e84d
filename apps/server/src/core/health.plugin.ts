import fp from 'fastify-plugin';
import { checkDatabase, shippedMigrations } from './db/readiness.ts';

/**
 * `/healthz`: the process answers. `/readyz`: the database answers and every shipped migration is applied
 * (503 with the reason otherwise, and while the server is closing), for load balancers and compose healthchecks.
 * While closing, every response also ends its connection, so requests in flight do not keep the server open.
 */
export const healthPlugin = fp(
  async (app) => {
    const shipped = await shippedMigrations();
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    // a request in flight at SIGTERM would leave its keep-alive connection open (72 s) and hold up the shutdown
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });

    app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

    app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
      const problem = closing
        ? { code: 'server.closing', message: 'The server is shutting down.' }
        : await checkDatabase(app.db, shipped);
      if (problem) return reply.status(503).send({ status: 'unavailable', error: problem });
      return { status: 'ready' };
    });
  },
  { name: 'health', dependencies: ['db'] },
);
