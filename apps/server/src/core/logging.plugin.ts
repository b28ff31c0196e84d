import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Fastify's pino logger as JSON lines with a request id on every line of a request. Credentials never reach a
 * line (redaction), and neither do query strings (search terms are mail content).
 */
export function loggerOptions(
  config: Config,
  stream?: Writable,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: {
      level: config.logLevel,
      ...(stream ? { stream } : {}),
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          method: req.method,
          url: withoutQuery(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    // a proxy's id (TRUST_PROXY) joins its log lines to ours; otherwise every request gets a fresh one
    requestIdHeader: config.trustProxy !== false ? 'x-request-id' : false,
    genReqId: () => randomUUID(),
  };
}

/** `/api/search?q=secret` → `/api/search?…` */
export function withoutQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : `${url.slice(0, i)}?…`;
}

/** Echoes the request id as `x-request-id`, so a user's report can be matched to the log. */
export const loggingPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'logging' },
);
