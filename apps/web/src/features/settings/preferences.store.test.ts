import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import { preferencesStoreSetup } from './preferences.store';

const memory = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
};

beforeEach(() => setActivePinia(createPinia()));

describe('preferences', () => {
  it('starts from the local copy, then follows the server', async () => {
    const local = memory();
    local.setItem('pigeon.conversations', 'true');
    const api = { get: vi.fn(async () => ({ conversations: false })), update: vi.fn() };
    const store = defineStore('p1', () => preferencesStoreSetup(api, local))();
    expect(store.conversations).toBe(true);
    await store.load();
    await store.load();
    expect(api.get).toHaveBeenCalledTimes(1);
    expect(store.conversations).toBe(false);
    expect(local.getItem('pigeon.conversations')).toBe('false');
  });

  it('saves a change on the server and takes it back when refused', async () => {
    const local = memory();
    const api = {
      get: vi.fn(),
      update: vi.fn(async () => {
        throw new Error('offline');
      }),
    };
    const store = defineStore('p2', () => preferencesStoreSetup(api, local))();
    const saving = store.setConversations(true);
    expect(store.conversations).toBe(true);
    await expect(saving).rejects.toThrow('offline');
    expect(store.conversations).toBe(false);
    expect(api.update).toHaveBeenCalledWith({ conversations: true });
  });
});
