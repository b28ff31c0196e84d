import fp from 'fastify-plugin';
import type { onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { isApiUrl, isPublicApiRoute } from './public-routes.ts';

export interface ApiRoute {
  method: string;
  url: string;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every /api route registered so far, and whether it is public (for the route-table tests) */
    apiRoutes: ApiRoute[];
  }
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Sign-in by default: every /api route registered after this plugin gets `app.authenticate` as its first
 * onRequest hook (before the body is read), unless it is on PUBLIC_API_ROUTES. Invariant: no /api route is
 * reachable without a session except the listed ones.
 */
export const apiAuthPlugin = fp(
  async (app) => {
    const routes: ApiRoute[] = [];
    app.decorate('apiRoutes', routes);
    const authenticate: onRequestHookHandler = async (request) => app.authenticate(request);
    app.addHook('onRoute', (route) => {
      if (!isApiUrl(route.url)) return;
      for (const method of asList(route.method)) {
        routes.push({ method, url: route.url, public: isPublicApiRoute(method, route.url) });
      }
      if (asList(route.method).every((m) => isPublicApiRoute(m, route.url))) return;
      route.onRequest = [authenticate, ...asList(route.onRequest)];
      // the route's own `preHandler: app.authenticate` (older routes) would only ask the database again
      route.preHandler = asList<preHandlerHookHandler>(route.preHandler).filter((h) => h !== app.authenticate);
    });
  },
  { name: 'api-auth', dependencies: ['pigeon-session'] },
);
