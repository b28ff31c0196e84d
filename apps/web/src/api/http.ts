import { apiRoutes, CSRF_HEADER } from '@pigeon/shared';
import type { CsrfToken, ErrorBody } from '@pigeon/shared';

/** An API failure with the server's stable code (or `network.offline` when the server was not reached). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;
  /** seconds from a Retry-After header, when the server sent one */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    field?: string | undefined;
    details?: Record<string, unknown> | undefined;
    retryAfter?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.details = init.details ?? {};
    this.retryAfter = init.retryAfter;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** a 401 is an answer here (the session probe), not a reason to leave the page */
  allowUnauthorized?: boolean;
  /** work the user did not ask for (the device's mail copy): `userRequestsSettled` does not wait for it */
  background?: boolean;
  /** extra request headers (an idempotency key) */
  headers?: Record<string, string>;
  /** the Accept header (JSON unless given) */
  accept?: string;
  /** reads a successful answer (a streamed one); JSON otherwise */
  read?: (res: Response) => Promise<unknown>;
}

let csrfToken: string | null = null;
let csrfPending: Promise<string> | null = null;
let unauthorizedHandler: (() => void) | null = null;
let credentialsRejectedHandler: (() => void) | null = null;
// a sign-in replaces this browser's session: a request that overlapped one may come back 401 for the old cookie
let signInsPending = 0;
let sessionEpoch = 0;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once per 401 `auth.not_signed_in`; the app sends the user to sign-in and keeps the wanted URL. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Called when the mail server refused this session's stored password (changed on another device or elsewhere). */
export function onCredentialsRejected(handler: () => void): void {
  credentialsRejectedHandler = handler;
}

/** Fetches the CSRF token now (the sign-in page, while the user types), so the first write waits for no extra request. */
export function prepareCsrf(): void {
  if (!csrfToken) refreshCsrf().catch(() => {});
}

function refreshCsrf(): Promise<string> {
  csrfPending ??= request<CsrfToken>(apiRoutes.csrf, { allowUnauthorized: true })
    .then(({ csrfToken: token }) => (csrfToken = token))
    .finally(() => (csrfPending = null));
  return csrfPending;
}

function withQuery(url: string, query: RequestOptions['query']): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

async function send(url: string, method: Method, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers, accept: opts.accept ?? 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  try {
    return await fetch(withQuery(url, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network.offline', message: String(cause) });
  }
}

function parseRetryAfter(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  return new ApiError({
    status: res.status,
    code:
      error?.code ?? (res.status >= 500 ? 'internal.error' : res.status === 404 ? 'http.not_found' : 'http.unexpected'),
    message: error?.message ?? res.statusText,
    field: error?.field,
    details: error?.details,
    retryAfter: parseRetryAfter(res),
  });
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : undefined) as T;
}

let userRequests = 0;
const settledWaiters: Array<() => void> = [];

/**
 * Resolves once no request the user is waiting for is in flight (background ones do not count): background work
 * asks for its next step only then, so it never stands in the one IMAP command queue ahead of a page the user wants.
 */
export function userRequestsSettled(): Promise<void> {
  return userRequests === 0 ? Promise.resolve() : new Promise((resolve) => settledWaiters.push(resolve));
}

/** The one typed fetch: JSON in and out, CSRF header on writes (fetched or refreshed once when missing or stale). */
export async function request<T>(url: string, opts: RequestOptions = {}): Promise<T> {
  if (opts.background) return requestAs<T>(url, opts);
  userRequests++;
  try {
    return await requestAs<T>(url, opts);
  } finally {
    if (--userRequests === 0) for (const settled of settledWaiters.splice(0)) settled();
  }
}

async function requestAs<T>(url: string, opts: RequestOptions): Promise<T> {
  if (url !== apiRoutes.signIn) return requestOnce<T>(url, opts, sessionEpoch, signInsPending > 0);
  signInsPending++;
  try {
    const answer = await requestOnce<T>(url, opts, sessionEpoch, true);
    sessionEpoch++;
    return answer;
  } finally {
    signInsPending--;
  }
}

async function requestOnce<T>(url: string, opts: RequestOptions, epoch: number, overlapped: boolean): Promise<T> {
  const method = opts.method ?? 'GET';
  const writes = method !== 'GET';
  if (writes && !csrfToken) await refreshCsrf();
  let res = await send(url, method, opts);
  if (res.ok) return opts.read ? ((await opts.read(res)) as T) : parse<T>(res);
  let error = await toApiError(res);
  if (writes && error.code === 'auth.csrf_invalid') {
    await refreshCsrf();
    res = await send(url, method, opts);
    if (res.ok) return parse<T>(res);
    error = await toApiError(res);
  }
  // a 401 for the cookie a sign-in was replacing is not a lost session: the caller retries with the new one
  const replaced = overlapped || signInsPending > 0 || epoch !== sessionEpoch;
  if (error.code === 'auth.not_signed_in' && !opts.allowUnauthorized && !replaced) unauthorizedHandler?.();
  if (error.code === 'auth.invalid_credentials' && url !== apiRoutes.signIn) credentialsRejectedHandler?.();
  throw error;
}

/** The CSRF header for a write that cannot go through `request` (an upload with progress); `fresh` refetches it. */
export async function csrfHeaders(fresh = false): Promise<Record<string, string>> {
  if (fresh || !csrfToken) await refreshCsrf();
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
}
