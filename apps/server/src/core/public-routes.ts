/**
 * The only /api routes a signed-out browser may call, as `METHOD /url-pattern` (HEAD follows its GET; a trailing
 * `*` covers every pattern that starts with what precedes it). Every
 * other /api route requires a session (api-auth.plugin.ts); adding one here is a decision: say why beside it.
 */
export const PUBLIC_API_ROUTES: readonly string[] = [
  // the CSRF token the sign-in form sends
  'GET /api/auth/csrf',
  // the session probe: signed out it answers 401 auth.not_signed_in with that same token (no second request on a
  // first visit); signed in, the handler checks the session itself (auth.routes.ts)
  'GET /api/auth/session',
  'POST /api/auth/sign-in',
  // clears the cookie whether or not its session still exists
  'POST /api/auth/sign-out',
  // what discovery finds for an address, shown on the sign-in page before the password is typed
  'GET /api/autoconfig',
  // the API reference (OpenAPI document and Swagger UI): read-only, about no user (docs/decisions/016)
  'GET /api/docs*',
];

/** Whether a route (its method and pattern as registered) is on the public list. Pure. */
export function isPublicApiRoute(method: string, url: string): boolean {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const route = `${m} ${url}`;
  return PUBLIC_API_ROUTES.some((entry) =>
    entry.endsWith('*') ? route.startsWith(entry.slice(0, -1)) : entry === route,
  );
}

/** Whether a URL pattern or path lies under /api. Pure. */
export const isApiUrl = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
