import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER, apiRoutes } from '@pigeon/shared';
import { ApiError, onCredentialsRejected, onUnauthorized, request, setCsrfToken, userRequestsSettled } from './http';
import { authApi } from '../features/auth/auth.api';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  setCsrfToken(null);
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const headerOf = (call: unknown[]) => ((call[1] as RequestInit).headers as Record<string, string>)[CSRF_HEADER];

describe('request', () => {
  it('fetches a CSRF token before the first write and sends it', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { csrfToken: 'tok1' })).mockResolvedValueOnce(json(200, { ok: true }));
    await request(apiRoutes.signOut, { method: 'POST' });
    expect(fetchMock.mock.calls[0]![0]).toBe(apiRoutes.csrf);
    expect(headerOf(fetchMock.mock.calls[1]!)).toBe('tok1');
  });

  it("takes the token from the signed-out session probe's 401 and asks for none before the sign-in", async () => {
    fetchMock
      .mockResolvedValueOnce(
        json(401, { error: { code: 'auth.not_signed_in', message: 'no', details: { csrfToken: 'probe' } } }),
      )
      .mockResolvedValueOnce(json(200, { ok: true }));
    await expect(authApi.getSession()).resolves.toBeNull();
    await request(apiRoutes.signOut, { method: 'POST' });
    expect(fetchMock.mock.calls.map((call) => call[0])).toEqual([apiRoutes.session, apiRoutes.signOut]);
    expect(headerOf(fetchMock.mock.calls[1]!)).toBe('probe');
  });

  it('refreshes a rejected token once and retries', async () => {
    setCsrfToken('old');
    fetchMock
      .mockResolvedValueOnce(json(403, { error: { code: 'auth.csrf_invalid', message: 'bad token' } }))
      .mockResolvedValueOnce(json(200, { csrfToken: 'new' }))
      .mockResolvedValueOnce(json(200, { done: 1 }));
    await expect(request('/api/x', { method: 'POST', body: {} })).resolves.toEqual({ done: 1 });
    expect(headerOf(fetchMock.mock.calls[2]!)).toBe('new');
  });

  it('turns error bodies into ApiError with code, field, details and Retry-After', async () => {
    fetchMock.mockResolvedValueOnce(
      json(
        429,
        { error: { code: 'auth.rate_limited', message: 'slow down', field: 'email', details: { a: 1 } } },
        { 'retry-after': '30' },
      ),
    );
    const error = (await request('/api/y').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.field, error.details, error.retryAfter]).toEqual([
      429,
      'auth.rate_limited',
      'email',
      { a: 1 },
      30,
    ]);
  });

  it('reports a lost session to the app, but not for the session probe', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    fetchMock.mockResolvedValue(json(401, { error: { code: 'auth.not_signed_in', message: 'no' } }));
    await expect(request('/api/mailboxes')).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(request(apiRoutes.session, { allowUnauthorized: true })).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not report a lost session for a request that overlapped a sign-in replacing the cookie', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    setCsrfToken('tok');
    let answerSignIn: (res: Response) => void = () => {};
    let answerPoll: (res: Response) => void = () => {};
    fetchMock
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (answerPoll = resolve)))
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (answerSignIn = resolve)));
    const unauthorized = () => json(401, { error: { code: 'auth.not_signed_in', message: 'no' } });
    // sent with the old cookie, answered after the sign-in removed that session
    const poll = request('/api/outbox').catch((e: unknown) => e);
    const signIn = request(apiRoutes.signIn, { method: 'POST', body: {} });
    answerSignIn(json(200, { email: 'a@b.test' }));
    await signIn;
    answerPoll(unauthorized());
    expect(await poll).toMatchObject({ code: 'auth.not_signed_in' });
    // a request started during the sign-in is not trusted either
    let answerLate: (res: Response) => void = () => {};
    let answerSecond: (res: Response) => void = () => {};
    fetchMock
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (answerSecond = resolve)))
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (answerLate = resolve)));
    const second = request(apiRoutes.signIn, { method: 'POST', body: {} });
    const late = request('/api/outbox').catch((e: unknown) => e);
    answerLate(unauthorized());
    expect(await late).toMatchObject({ code: 'auth.not_signed_in' });
    answerSecond(json(200, { email: 'a@b.test' }));
    await second;
    expect(handler).not.toHaveBeenCalled();
    // after the sign-in, a 401 means the session is gone
    fetchMock.mockResolvedValueOnce(unauthorized());
    await expect(request('/api/outbox')).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports a stored password the mail server refused, but not a failed sign-in', async () => {
    const handler = vi.fn();
    onCredentialsRejected(handler);
    fetchMock.mockResolvedValue(json(401, { error: { code: 'auth.invalid_credentials', message: 'no' } }));
    await expect(request('/api/mailboxes')).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    expect(handler).toHaveBeenCalledTimes(1);
    setCsrfToken('tok');
    await expect(request(apiRoutes.signIn, { method: 'POST', body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as network.offline', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(request('/api/z')).rejects.toMatchObject({ code: 'network.offline', status: 0 });
  });

  it('adds query parameters and skips empty ones', async () => {
    fetchMock.mockResolvedValueOnce(json(200, {}));
    await request('/api/list', { query: { before: 10, limit: 50, none: undefined } });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/list?before=10&limit=50');
  });
});

describe('userRequestsSettled', () => {
  it('resolves once the requests the user waits for are answered, whatever background requests still run', async () => {
    const answers: Array<(res: Response) => void> = [];
    fetchMock.mockImplementation(() => new Promise<Response>((resolve) => answers.push(resolve)));
    await userRequestsSettled(); // nothing in flight
    const background = request('/api/background', { background: true });
    const first = request('/api/first');
    const second = request('/api/second');
    let settled = false;
    const waiting = userRequestsSettled().then(() => (settled = true));
    answers[1]!(json(200, {}));
    await first;
    expect(settled).toBe(false);
    answers[2]!(json(500, { error: { code: 'internal.error', message: 'x' } }));
    await expect(second).rejects.toBeInstanceOf(ApiError);
    await waiting;
    expect(settled).toBe(true);
    answers[0]!(json(200, {}));
    await background;
  });
});
