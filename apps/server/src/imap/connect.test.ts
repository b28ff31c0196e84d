import { describe, expect, it, vi } from 'vitest';
import { createImapClient, logoutWithin } from './connect.ts';

function fakeClient(logout: () => Promise<void>) {
  return { logout: vi.fn(logout), close: vi.fn() };
}

describe('logoutWithin', () => {
  it('closes the socket after a polite logout', async () => {
    const client = fakeClient(async () => undefined);
    await logoutWithin(client, 1_000);
    expect(client.logout).toHaveBeenCalledOnce();
    expect(client.close).toHaveBeenCalledOnce();
  });

  it('stops waiting for a server that never answers LOGOUT and still closes', async () => {
    vi.useFakeTimers();
    try {
      const client = fakeClient(() => new Promise(() => {}));
      const done = logoutWithin(client, 2_000);
      await vi.advanceTimersByTimeAsync(1_999);
      expect(client.close).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(client.close).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failed logout by its code only, and closes', async () => {
    const client = fakeClient(() =>
      Promise.reject(Object.assign(new Error('secret detail'), { code: 'NoConnection' })),
    );
    const onError = vi.fn();
    await logoutWithin(client, 1_000, onError);
    expect(onError).toHaveBeenCalledWith('NoConnection');
    expect(client.close).toHaveBeenCalledOnce();
  });
});

const server = { host: 'imap.school.example', port: 993, tls: 'tls' as const, address: '127.0.0.1' };
const tls = { caFile: null, rejectUnauthorized: true, connectTimeoutMs: 1_000 };

describe('the ID a client sends', () => {
  it("names the browser's address as x-originating-ip when one is given", () => {
    const client = createImapClient({ login: 'a', password: 'p', server, clientIp: '203.0.113.9' }, tls);
    expect(client.clientInfo).toMatchObject({ name: 'Pigeon', 'x-originating-ip': '203.0.113.9' });
  });

  it('names no address otherwise (reconnects, the watcher, downloads)', () => {
    const client = createImapClient({ login: 'a', password: 'p', server }, tls);
    expect(client.clientInfo).not.toHaveProperty('x-originating-ip');
  });
});
