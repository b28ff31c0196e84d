import { describe, expect, it, vi } from 'vitest';
import type { PushState, PushSubscribe } from '@pigeon/shared';
import { pushStoreSetup } from './push.store';
import { keyBytes, type PushDevice } from './push-device';
import type { PushApi } from './push.api';

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
const off: PushState = { available: true, publicKey: KEY, subscribed: false, showContent: false };
const subscription = { endpoint: 'https://push.example/1', keys: { p256dh: 'p'.repeat(87), auth: 'a'.repeat(22) } };

function fakes(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  let server = { ...off };
  const api: PushApi = {
    state: vi.fn(async () => server),
    subscribe: vi.fn(
      async (body: PushSubscribe) => (server = { ...server, subscribed: true, showContent: body.showContent }),
    ),
    unsubscribe: vi.fn(async () => (server = { ...server, subscribed: false, showContent: false })),
  };
  const device: PushDevice = {
    supported: () => true,
    permission: () => permission,
    requestPermission: vi.fn(async () => answer),
    subscribe: vi.fn(async () => subscription),
    unsubscribe: vi.fn(async () => {}),
  };
  return { api, device };
}

describe('push store', () => {
  it('asks for permission only when turning on, then sends the subscription with the choices', async () => {
    const { api, device } = fakes('default');
    const store = pushStoreSetup(api, device);
    await store.load();
    expect(device.requestPermission).not.toHaveBeenCalled();
    await store.enable('ko');
    expect(device.requestPermission).toHaveBeenCalledOnce();
    expect(device.subscribe).toHaveBeenCalledWith(KEY);
    expect(api.subscribe).toHaveBeenCalledWith({ ...subscription, showContent: false, locale: 'ko' });
    expect(store.enabled.value).toBe(true);

    await store.setShowContent(true, 'ko');
    expect(api.subscribe).toHaveBeenLastCalledWith({ ...subscription, showContent: true, locale: 'ko' });
    expect(store.showContent.value).toBe(true);
  });

  it('a refused or dismissed prompt subscribes nothing and says why', async () => {
    for (const [answer, problem] of [
      ['denied', 'denied'],
      ['default', 'dismissed'],
    ] as const) {
      const { api, device } = fakes('default', answer);
      const store = pushStoreSetup(api, device);
      await store.load();
      await store.enable('en');
      expect(store.problem.value).toBe(problem);
      expect(device.subscribe).not.toHaveBeenCalled();
      expect(api.subscribe).not.toHaveBeenCalled();
    }
  });

  it('turning off removes the server row, then the browser subscription', async () => {
    const { api, device } = fakes('granted');
    const store = pushStoreSetup(api, device);
    await store.load();
    await store.enable('en');
    await store.disable();
    expect(api.unsubscribe).toHaveBeenCalledOnce();
    expect(device.unsubscribe).toHaveBeenCalledOnce();
    expect(store.enabled.value).toBe(false);
  });

  it('says when the browser or the server cannot do push, or permission is blocked', async () => {
    const unsupported = fakes('granted');
    unsupported.device.supported = () => false;
    const a = pushStoreSetup(unsupported.api, unsupported.device);
    await a.load();
    expect(a.problem.value).toBe('unsupported');
    expect(unsupported.api.state).not.toHaveBeenCalled();

    const blocked = fakes('denied');
    const b = pushStoreSetup(blocked.api, blocked.device);
    await b.load();
    expect(b.problem.value).toBe('denied');

    const serverOff = fakes('granted');
    serverOff.api.state = vi.fn(async () => ({ ...off, available: false, publicKey: null }));
    const c = pushStoreSetup(serverOff.api, serverOff.device);
    await c.load();
    expect(c.problem.value).toBe('unavailable');
  });
});

describe('keyBytes', () => {
  it('decodes a base64url VAPID key to its 65 bytes (uncompressed P-256 point)', () => {
    const bytes = keyBytes(KEY);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });
});
