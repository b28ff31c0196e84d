import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FolderSize, LargeMessage, StorageQuota } from '@pigeon/shared';
import { messageApi, type MessageApi } from '../message/message.api';
import { capacityApi, type CapacityApi } from './capacity.api';

/** What "free up space" lists: the largest messages, the largest attachments, or every folder's size. */
export type FreeSpaceView = 'size' | 'attachments' | 'folders';

/** Rows of `rows` grouped by folder: one action request per folder. Pure. */
export function uidsByFolder(rows: readonly Pick<LargeMessage, 'path' | 'uid'>[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.path, [...(out.get(r.path) ?? []), r.uid]);
  return out;
}

export const rowKey = (r: Pick<LargeMessage, 'path' | 'uid'>) => `${r.path}\n${r.uid}`;

/** how long a burst of live events is gathered before the quota is asked for once */
export const QUOTA_REFRESH_DELAY_MS = 400;

/**
 * The mailbox's storage quota for the bar under the folders. Refreshed on live events (new mail, removals, counts
 * of other folders), gathered into one request per burst. `null`: the server has no quota (no bar).
 */
export function capacityStoreSetup(api: CapacityApi = capacityApi, messages: MessageApi = messageApi) {
  const quota = ref<StorageQuota | null>(null);
  const largest = ref<LargeMessage[]>([]);
  const folders = ref<FolderSize[]>([]);
  const listing = ref(false);
  const listError = ref<unknown>(null);
  let listRequest = 0;
  const loaded = ref(false);
  let pending: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Asks the server now (one request at a time; a call during one asks once more after it). */
  function load(): Promise<void> {
    if (pending) {
      again = true;
      return pending;
    }
    pending = (async () => {
      try {
        quota.value = (await api.quota()).quota;
        loaded.value = true;
      } catch {
        // the bar keeps its last numbers; the next event asks again
      } finally {
        pending = null;
        if (again) {
          again = false;
          void load();
        }
      }
    })();
    return pending;
  }

  /** Something changed the mailbox's size: ask once the burst is over. */
  function refreshSoon(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, QUOTA_REFRESH_DELAY_MS);
  }

  /** Loads one view of "free up space" (`path`: one folder, else all); a newer call wins over a slower older one. */
  async function loadView(view: FreeSpaceView, path: string | null): Promise<void> {
    const mine = ++listRequest;
    listing.value = true;
    listError.value = null;
    try {
      if (view === 'folders') {
        const answer = await api.folderSizes();
        if (mine === listRequest) folders.value = answer.folders;
      } else {
        const answer = await api.largest({ by: view, ...(path ? { path } : {}), limit: 50 });
        if (mine === listRequest) largest.value = answer.messages;
      }
    } catch (e) {
      if (mine === listRequest) listError.value = e;
    } finally {
      if (mine === listRequest) listing.value = false;
    }
  }

  /** Deletes for good or archives `rows` (one request per folder), drops them from the list, then asks for the quota. */
  async function removeRows(action: 'deleteForever' | 'archive', rows: LargeMessage[]): Promise<void> {
    const done = new Set<string>();
    try {
      for (const [path, uids] of uidsByFolder(rows)) {
        await messages.runAction(path, { action, uids });
        for (const uid of uids) done.add(rowKey({ path, uid }));
      }
    } finally {
      largest.value = largest.value.filter((r) => !done.has(rowKey(r)));
      void load();
    }
  }

  function reset(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    quota.value = null;
    loaded.value = false;
    largest.value = [];
    folders.value = [];
  }

  return {
    quota,
    loaded,
    load,
    refreshSoon,
    largest,
    folders,
    listing,
    listError,
    loadView,
    removeRows,
    reset,
  };
}

export const useCapacityStore = defineStore('capacity', () => capacityStoreSetup());
