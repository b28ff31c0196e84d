import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AccountSummary, AddAccountBody } from '@pigeon/shared';
import { accountsApi, type AccountsApi } from './accounts.api';

/**
 * The user's accounts and each Inbox's unread count (decision 034), for the switcher, the settings page and the
 * unified inbox. Counts are patched by live events of every account; `inboxChanged` ticks when any Inbox got mail.
 */
export function accountsStoreSetup(api: AccountsApi = accountsApi) {
  const accounts = ref<AccountSummary[]>([]);
  const unread = ref<Record<string, number | null>>({});
  const loaded = ref(false);
  /** bumped when mail arrives in or leaves any account's Inbox (the unified inbox reloads its first page) */
  const inboxChanged = ref(0);
  let loading: Promise<void> | null = null;

  const many = computed(() => accounts.value.length > 1);
  const byId = (id: string) => accounts.value.find((a) => a.id === id);

  function load(): Promise<void> {
    loading ??= api
      .list()
      .then(async (list) => {
        accounts.value = list.accounts;
        loaded.value = true;
        // one account has no switcher: its counts are the folder pane's own
        if (list.accounts.length < 2) return;
        const { counts } = await api.counts().catch(() => ({ counts: [] }));
        unread.value = Object.fromEntries(counts.map((c) => [c.accountId, c.unread]));
      })
      .finally(() => (loading = null));
    return loading;
  }

  function setUnread(accountId: string, value: number): void {
    unread.value = { ...unread.value, [accountId]: value };
  }

  async function add(body: AddAccountBody): Promise<AccountSummary> {
    const added = await api.add(body);
    await load();
    return added;
  }

  async function remove(accountId: string): Promise<void> {
    await api.remove(accountId);
    accounts.value = accounts.value.filter((a) => a.id !== accountId);
    await load().catch(() => {});
  }

  function reset(): void {
    accounts.value = [];
    unread.value = {};
    loaded.value = false;
  }

  return {
    accounts,
    unread,
    loaded,
    many,
    inboxChanged,
    byId,
    load,
    setUnread,
    add,
    remove,
    reset,
    bumpInbox: () => inboxChanged.value++,
  };
}

export const useAccountsStore = defineStore('accounts', () => accountsStoreSetup());
