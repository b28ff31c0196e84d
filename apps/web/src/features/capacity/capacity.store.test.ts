import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LargeMessage, MessageActionBody } from '@pigeon/shared';
import { capacityStoreSetup, uidsByFolder } from './capacity.store';

const row = (path: string, uid: number, size = 10): LargeMessage => ({
  path,
  uid,
  subject: `s${uid}`,
  from: null,
  date: '2026-01-01T00:00:00.000Z',
  size,
  attachmentBytes: 0,
});

beforeEach(() => setActivePinia(createPinia()));

describe('uidsByFolder', () => {
  it('groups the rows by folder, in order', () => {
    expect([...uidsByFolder([row('INBOX', 3), row('Archive', 1), row('INBOX', 9)])]).toEqual([
      ['INBOX', [3, 9]],
      ['Archive', [1]],
    ]);
  });
});

describe('capacity store', () => {
  it('asks for the quota once per burst of live events', async () => {
    vi.useFakeTimers();
    const quota = vi.fn(async () => ({ quota: { usedBytes: 1, limitBytes: 10, level: 'ok' as const } }));
    const store = capacityStoreSetup({ quota, folderSizes: vi.fn(), largest: vi.fn() });
    store.refreshSoon();
    store.refreshSoon();
    store.refreshSoon();
    await vi.runAllTimersAsync();
    expect(quota).toHaveBeenCalledTimes(1);
    expect(store.quota.value?.usedBytes).toBe(1);
    vi.useRealTimers();
  });

  it('removes rows with one request per folder and keeps the ones that failed', async () => {
    const calls: [string, MessageActionBody][] = [];
    const runAction = vi.fn(async (path: string, body: MessageActionBody) => {
      calls.push([path, body]);
      if (path === 'Archive') throw new Error('refused');
      return { action: body.action, uids: body.uids, destination: null, expunged: true };
    });
    const store = capacityStoreSetup(
      {
        quota: async () => ({ quota: null }),
        folderSizes: vi.fn(),
        largest: async () => ({ messages: [row('INBOX', 1), row('INBOX', 2), row('Archive', 5)] }),
      },
      { listMessages: vi.fn(), getMessage: vi.fn(), runAction, runConversationAction: vi.fn() },
    );
    await store.loadView('size', null);
    await expect(store.removeRows('deleteForever', store.largest.value)).rejects.toThrow('refused');
    expect(calls).toEqual([
      ['INBOX', { action: 'deleteForever', uids: [1, 2] }],
      ['Archive', { action: 'deleteForever', uids: [5] }],
    ]);
    expect(store.largest.value.map((r) => r.uid)).toEqual([5]);
  });
});
