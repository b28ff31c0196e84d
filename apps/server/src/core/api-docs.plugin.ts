import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBody } from '@pigeon/shared';
import { SESSION_COOKIE } from './session.plugin.ts';
import { isApiUrl, isPublicApiRoute } from './public-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the OpenAPI request body of a route whose body is not JSON (documented only, never validated) */
    docsBody?: object;
  }
}

/** Where the API reference is served (public, read-only: docs/decisions/016-api-contract-and-get-safety.md). */
export const API_DOCS_PREFIX = '/api/docs';

const isDocsUrl = (url: string) => url === API_DOCS_PREFIX || url.startsWith(`${API_DOCS_PREFIX}/`);

/**
 * OpenAPI 3.1 generated from the routes' TypeBox schemas (`GET /api/docs/json`) and Swagger UI at /api/docs,
 * its assets served from the npm package (no CDN). Every /api route answers errors as ErrorBody, so each gets
 * `4xx`/`5xx: ErrorBody` unless it declares its own. Register before the feature routes.
 */
export const apiDocsPlugin = fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!isApiUrl(route.url) || isDocsUrl(route.url)) return;
      const schema = (route.schema ??= {});
      schema.response = { '4xx': ErrorBody, '5xx': ErrorBody, ...(schema.response as object | undefined) };
    });

    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Pigeon API',
          version: '1',
          description:
            'The HTTP API of the Pigeon web app. Sign in with POST /api/auth/sign-in; the session is a cookie. ' +
            'Every state-changing request also needs the x-csrf-token header (GET /api/auth/csrf). Errors are ' +
            '`{ error: { code, message } }` with a stable code.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          },
        },
        security: [{ session: [] }],
      },
      transform: ({ schema, url, route }) => {
        if (!isApiUrl(url) || isDocsUrl(url)) return { schema: { ...schema, hide: true }, url };
        // a body that is not JSON (an upload's raw bytes) is described in `config.docsBody`, not validated
        const docsBody = route.config?.docsBody;
        if (docsBody) schema = { ...schema, body: docsBody, consumes: ['application/octet-stream'] } as typeof schema;
        // grouped by feature: /api/<feature>/…
        const tagged = { ...schema, tags: [url.split('/')[2] ?? 'api'] } as typeof schema;
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (!methods.every((m) => isPublicApiRoute(m, route.url))) return { schema: tagged, url };
        return { schema: { ...tagged, security: [] } as typeof schema, url };
      },
    });

    await app.register(swaggerUi, {
      routePrefix: API_DOCS_PREFIX,
      uiConfig: { validatorUrl: null, deepLinking: true },
      // the app's CSP (security.plugin.ts) already allows what the page needs: its own scripts and styles
      staticCSP: false,
    });
  },
  { name: 'api-docs' },
);
