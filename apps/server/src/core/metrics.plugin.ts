import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { createMetrics, type Metrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics of this app; modules report through it (see core/metrics.ts) */
    metrics: Metrics;
  }
}

export const METRICS_PATH = '/metrics';

/**
 * Decorates `app.metrics`, times every request by route pattern, and serves `/metrics` on the main port only
 * with `Authorization: Bearer <METRICS_TOKEN>` (server.ts serves it on METRICS_HOST:METRICS_PORT without one).
 */
/** Gauges read from the database, handed in by app.ts (the admin feature's queries). */
export interface MetricsSources {
  signedInUsers: () => Promise<number>;
  outboxDepth: () => Promise<number>;
}

export const metricsPlugin = fp<{ config: Config; sources: MetricsSources }>(
  async (app, { config, sources }) => {
    const metrics = createMetrics();
    app.decorate('metrics', metrics);
    metrics.setSignedInUsersSource(sources.signedInUsers);
    metrics.setOutboxDepthSource(sources.outboxDepth);
    app.addHook('onReady', async () => {
      // accounts with a command connection (entries of the IMAP plugin); watcher states are the live sessions' to report
      if (app.hasDecorator('imap')) metrics.setImapConnectionsSource(() => ({ command: app.imap.accountCount }));
    });

    app.addHook('onResponse', async (request, reply) => {
      // the pattern (`/api/accounts/:accountId/mailboxes/:path/messages`), never the URL: bounded labels and no mailbox names
      metrics.observeHttp(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });

    const token = config.metrics.token;
    if (!token) return;
    app.get(METRICS_PATH, { logLevel: 'warn' }, async (request, reply) => {
      if (!bearerMatches(request, token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: { code: 'auth.not_signed_in', message: 'A valid metrics token is required.' } });
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render());
    });
  },
  { name: 'metrics', dependencies: ['db'] },
);

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
