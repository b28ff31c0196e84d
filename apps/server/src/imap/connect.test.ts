import { describe, expect, it, vi } from 'vitest';
import { logoutWithin } from './connect.ts';

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
