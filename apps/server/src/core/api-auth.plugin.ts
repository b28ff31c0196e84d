import fp from 'fastify-plugin';
import type { onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { isApiUrl, isPublicApiRoute } from './public-routes.ts';
import { ACCOUNT_PARAM, isAccountRoute, onAccount } from './account-scope.ts';

export interface ApiRoute {
  method: string;
  url: string;
  public: boolean;
  /** acts on one account (`:accountId`): a session that does not hold it gets 404 account.not_found */
  account: boolean;
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
 * onRequest hook (before the body is read), unless it is on PUBLIC_API_ROUTES; a route under
 * `/api/accounts/:accountId` then gets the session scoped to that account (`request.auth.account`). Invariants: no
 * /api route is reachable without a session except the listed ones; no handler of an account route runs for an
 * account the session does not hold (404 account.not_found, the same for another user's id and an unknown one).
 */
export const apiAuthPlugin = fp(
  async (app) => {
    const routes: ApiRoute[] = [];
    app.decorate('apiRoutes', routes);
    const authenticate: onRequestHookHandler = async (request) => app.authenticate(request);
    const scopeToAccount: onRequestHookHandler = async (request) => {
      const accountId = (request.params as Record<string, string | undefined>)[ACCOUNT_PARAM] ?? '';
      if (request.auth) request.auth = onAccount(request.auth, accountId);
    };
    app.addHook('onRoute', (route) => {
      if (!isApiUrl(route.url)) return;
      for (const method of asList(route.method)) {
        const account = isAccountRoute(route.url);
        routes.push({ method, url: route.url, public: isPublicApiRoute(method, route.url), account });
      }
      if (asList(route.method).every((m) => isPublicApiRoute(m, route.url))) return;
      const scope = isAccountRoute(route.url) ? [scopeToAccount] : [];
      route.onRequest = [authenticate, ...scope, ...asList(route.onRequest)];
      // the route's own `preHandler: app.authenticate` (older routes) would only ask the database again
      route.preHandler = asList<preHandlerHookHandler>(route.preHandler).filter((h) => h !== app.authenticate);
    });
  },
  { name: 'api-auth', dependencies: ['pigeon-session'] },
);
