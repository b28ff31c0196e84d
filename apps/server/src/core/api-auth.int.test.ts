// The route table: every /api route needs a session unless it is on PUBLIC_API_ROUTES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/test-app.ts';
import { createUser } from '@pigeon/mail-fixture';
import { SEARCH_PROGRESS_TYPE } from '@pigeon/shared';
import { getCsrf, signIn } from '../../test/auth-helpers.ts';
import { PUBLIC_API_ROUTES } from './public-routes.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});

afterAll(async () => {
  await t?.close();
});

/** a URL that matches the pattern (`:param` and `*` filled in) */
const sample = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, '1').replace(/\*/g, 'x');

const errorCode = (body: string): string | null => {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
};

describe('the /api route table', () => {
  it('lists the routes (the onRoute hook sees every feature)', () => {
    const urls = t.app.apiRoutes.map((r) => r.url);
    expect(urls).toContain('/api/accounts/:accountId/mailboxes');
    expect(urls).toContain('/api/auth/sign-in');
    expect(t.app.apiRoutes.length).toBeGreaterThan(20);
  });

  it('holds the newest routes, none of them public: accounts, the unified inbox, search, conversation print', async () => {
    const routes = new Set(t.app.apiRoutes.filter((r) => !r.public).map((r) => `${r.method} ${r.url}`));
    for (const route of [
      'GET /api/accounts',
      'POST /api/accounts',
      'DELETE /api/accounts/:accountId',
      'GET /api/unified/inbox',
      'GET /api/accounts/:accountId/search',
      'GET /api/accounts/:accountId/mailboxes/:path/conversations/:id/print',
      'POST /api/accounts/:accountId/compose/attachments',
      'GET /api/accounts/:accountId/mailboxes/:path/messages/export',
    ])
      expect(routes, route).toContain(route);
    // the search's progress lines (same route, asked by Accept) are behind sign-in too: a 401 error, no stream
    const res = await t.app.inject({
      url: '/api/accounts/1/search?q=x',
      headers: { accept: SEARCH_PROGRESS_TYPE },
    });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res.body)).toBe('auth.not_signed_in');
  });

  it('every route not on the public list answers 401 auth.not_signed_in without a session', async () => {
    const csrf = await getCsrf(t.app);
    const open: string[] = [];
    for (const route of t.app.apiRoutes.filter((r) => !r.public)) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: sample(route.url),
        headers: csrf.headers,
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
      });
      // HEAD answers without a body
      const code = res.statusCode !== 401 ? null : route.method === 'HEAD' ? 'auth.not_signed_in' : errorCode(res.body);
      if (code !== 'auth.not_signed_in') open.push(`${route.method} ${route.url} answered ${res.statusCode}`);
    }
    expect(
      open,
      'these /api routes are reachable without signing in: register them after apiAuthPlugin (app.ts), or, if ' +
        'they must be public, add "METHOD /url" with the reason to PUBLIC_API_ROUTES in apps/server/src/core/public-routes.ts',
    ).toEqual([]);
  });

  it('every mail route is account-scoped: folders, lists, search, messages, actions, writing and capacity', () => {
    const mail = t.app.apiRoutes.filter((r) =>
      /\/(mailboxes|messages|compose|drafts|outbox|quota|capacity)(\/|$)/.test(r.url),
    );
    expect(mail.length).toBeGreaterThan(25);
    expect(mail.filter((r) => !r.account || !r.url.startsWith('/api/accounts/:accountId/'))).toEqual([]);
  });

  it('every account route answers 404 account.not_found to a signed-in user for an account that is not theirs', async () => {
    const user = await createUser('route-table');
    const { headers } = await signIn(t.app, user.email, user.password);
    const foreign = '00000000-0000-4000-8000-000000000000';
    const answered: string[] = [];
    for (const route of t.app.apiRoutes.filter((r) => r.account)) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: sample(route.url.replace(':accountId', foreign)),
        headers,
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
      });
      const code = route.method === 'HEAD' ? 'account.not_found' : errorCode(res.body);
      if (res.statusCode !== 404 || code !== 'account.not_found')
        answered.push(`${route.method} ${route.url} answered ${res.statusCode} ${code}`);
    }
    expect(answered).toEqual([]);
  });

  it('every entry of the public list is a real route (no stale entries)', () => {
    const registered = new Set(t.app.apiRoutes.map((r) => `${r.method} ${r.url}`));
    const matches = (entry: string) =>
      entry.endsWith('*') ? [...registered].some((r) => r.startsWith(entry.slice(0, -1))) : registered.has(entry);
    expect(PUBLIC_API_ROUTES.filter((entry) => !matches(entry))).toEqual([]);
  });

  it('health, readiness and the SPA stay open', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
