import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import type { ErrorBody } from '@pigeon/shared';
import { isAppError } from './app-error.ts';

/** The one error renderer: stable codes, field-level validation errors, 5xx without internals. */
export const errorsPlugin = fp(async (app) => {
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'http.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    };
    return reply.status(404).send(body);
  });

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (isAppError(err)) {
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) reply.header(k, v);
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (err.extra.field) body.error.field = err.extra.field;
      if (err.extra.details) body.error.details = err.extra.details;
      if (err.statusCode >= 500) request.log.warn({ code: err.code }, err.message);
      return reply.status(err.statusCode).send(body);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = first?.instancePath
        ? first.instancePath.replace(/^\//, '').replace(/\//g, '.')
        : (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const body: ErrorBody = {
        error: {
          code: 'validation.invalid',
          message: `${fe.validationContext ?? 'request'}${field ? `.${field}` : ''} ${first?.message ?? 'is invalid'}`,
        },
      };
      if (field) body.error.field = field;
      return reply.status(400).send(body);
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .status(fe.statusCode)
        .send({ error: { code: 'validation.invalid', message: fe.message } } satisfies ErrorBody);
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'internal.error', message: 'Something went wrong on the server.' } } satisfies ErrorBody);
  });
});
