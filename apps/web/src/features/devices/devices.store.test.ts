import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import type { Device } from '@pigeon/shared';
import type { DevicesApi } from './devices.api';
import { devicesStoreSetup } from './devices.store';

const device = (id: string, current = false): Device => ({
  id,
  browser: 'Firefox 125',
  os: 'Linux',
  kind: 'desktop',
  ip: '192.0.2.1',
  signedInAt: '2026-12-01T10:00:00Z',
  lastSeenAt: '2026-12-06T10:00:00Z',
  current,
});

function fakeApi(rows: Device[]) {
  let server = [...rows];
  const api: DevicesApi = {
    list: vi.fn(async () => ({ devices: server })),
    signOut: vi.fn(async (id: string) => void (server = server.filter((d) => d.id !== id))),
    signOutOthers: vi.fn(async () => {
      const n = server.filter((d) => !d.current).length;
      server = server.filter((d) => d.current);
      return { signedOut: n };
    }),
  };
  return api;
}

/** the store as components see it (refs unwrapped), over a fake API */
const storeWith = (api: DevicesApi) => defineStore('devices-test', () => devicesStoreSetup(api))();

describe('devices store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('signs another device out and shows the list the server has afterwards', async () => {
    const api = fakeApi([device('me', true), device('phone'), device('tablet')]);
    const store = storeWith(api);
    await store.load();
    expect(await store.signOut(store.devices[1]!)).toBe(false);
    expect(api.signOut).toHaveBeenCalledWith('phone');
    expect(store.devices.map((d) => d.id)).toEqual(['me', 'tablet']);
    expect(store.busy).toBeNull();
  });

  it('tells the caller when the signed-out device was this one', async () => {
    const store = storeWith(fakeApi([device('me', true)]));
    await store.load();
    expect(await store.signOut(store.devices[0]!)).toBe(true);
  });

  it('signs out everywhere else and keeps only this device', async () => {
    const store = storeWith(fakeApi([device('me', true), device('a'), device('b')]));
    await store.load();
    expect(await store.signOutOthers()).toBe(2);
    expect(store.devices.map((d) => d.id)).toEqual(['me']);
    expect(store.others).toEqual([]);
  });
});
