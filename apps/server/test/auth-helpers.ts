import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, apiRoutes, type SignInServers } from '@pigeon/shared';

export interface SignedIn {
  /** `pigeon_session=…; pigeon_csrf=…`, ready for a `cookie` header */
  cookie: string;
  csrfToken: string;
  /** `cookie` and `x-csrf-token`: spread into any `app.inject()` call */
  headers: Record<string, string>;
  /** the primary account's id: the `:accountId` of its mail routes (`apiRoutes.messages(accountId, path)`) */
  accountId: string;
}

type Injected = Awaited<ReturnType<FastifyInstance['inject']>>;

/** The cookies a response sets, as name → decoded value (an empty value means cleared). */
export function setCookies(res: Injected): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

/** A `cookie` request header from name → value. */
export const cookieHeader = (cookies: Record<string, string>): string =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');

/** A CSRF token and its cookie, as a browser gets them before signing in. */
export async function getCsrf(
  app: FastifyInstance,
): Promise<{ cookies: Record<string, string>; csrfToken: string; headers: Record<string, string> }> {
  const res = await app.inject({ method: 'GET', url: apiRoutes.csrf });
  if (res.statusCode !== 200) throw new Error(`GET ${apiRoutes.csrf} answered ${res.statusCode}: ${res.body}`);
  const { csrfToken } = res.json<{ csrfToken: string }>();
  const cookies = setCookies(res);
  return { cookies, csrfToken, headers: { cookie: cookieHeader(cookies), [CSRF_HEADER]: csrfToken } };
}

/**
 * Signs in through the API like the web app does (CSRF token first), with "Advanced settings" when `servers` is given;
 * throws unless it succeeds.
 */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  servers?: SignInServers,
): Promise<SignedIn> {
  const csrf = await getCsrf(app);
  const res = await app.inject({
    method: 'POST',
    url: apiRoutes.signIn,
    headers: csrf.headers,
    payload: { email, password, ...(servers ? { servers } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} answered ${res.statusCode}: ${res.body}`);
  const cookie = cookieHeader({ ...csrf.cookies, ...setCookies(res) });
  const { csrfToken, accountId } = res.json<{ csrfToken: string; accountId: string }>();
  return { cookie, csrfToken, headers: { cookie, [CSRF_HEADER]: csrfToken }, accountId };
}
