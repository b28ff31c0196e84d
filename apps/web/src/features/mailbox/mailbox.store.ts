import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Mailbox, MailboxListChangedEvent, MailboxRole } from '@pigeon/shared';
import { mailboxApi, type MailboxApi } from './mailbox.api';

export interface MailboxCounts {
  total: number;
  unread: number;
}

export function mailboxStoreSetup(api: MailboxApi = mailboxApi) {
  const mailboxes = ref<Mailbox[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;
  /** the last folder change (here or on another device), for a view showing that folder to follow it */
  const lastChange = ref<Omit<MailboxListChangedEvent, 'mailboxes' | 'accountId'> | null>(null);

  const byPath = computed(() => new Map(mailboxes.value.map((m) => [m.path, m])));

  function load(): Promise<void> {
    pending ??= (async () => {
      loading.value = true;
      error.value = null;
      try {
        mailboxes.value = (await api.listMailboxes()).mailboxes;
        loaded.value = true;
      } catch (e) {
        error.value = e;
        throw e;
      } finally {
        loading.value = false;
        pending = null;
      }
    })();
    return pending;
  }

  /** Folders read elsewhere (the sign-in answer, decision 036): taken as a load's answer would be. */
  function give(list: Mailbox[]): void {
    mailboxes.value = list;
    loaded.value = true;
  }

  function get(path: string): Mailbox | undefined {
    return byPath.value.get(path);
  }

  function byRole(role: MailboxRole): Mailbox | undefined {
    return mailboxes.value.find((m) => m.role === role);
  }

  /** Counts from a message page are fresher than the folder list: take them. */
  function setCounts(path: string, counts: MailboxCounts): void {
    const mailbox = get(path);
    if (!mailbox) return;
    mailbox.total = counts.total;
    mailbox.unread = counts.unread;
  }

  function adjustCounts(path: string, delta: Partial<MailboxCounts>): void {
    const mailbox = get(path);
    if (!mailbox) return;
    mailbox.total = Math.max(0, mailbox.total + (delta.total ?? 0));
    mailbox.unread = Math.max(0, mailbox.unread + (delta.unread ?? 0));
  }

  function countsOf(path: string): MailboxCounts | undefined {
    const mailbox = get(path);
    return mailbox && { total: mailbox.total, unread: mailbox.unread };
  }

  /** A folder was created, renamed, deleted or (un)subscribed: take the new list, or fetch it when not given. */
  function applyListChange(change: Omit<MailboxListChangedEvent, 'accountId'>): Promise<void> {
    const { mailboxes: list, ...rest } = change;
    if (rest.path) lastChange.value = rest;
    if (!list) return load();
    mailboxes.value = list;
    loaded.value = true;
    return Promise.resolve();
  }

  function reset(): void {
    mailboxes.value = [];
    loaded.value = false;
  }

  return {
    mailboxes,
    loaded,
    loading,
    error,
    lastChange,
    load,
    give,
    get,
    byRole,
    setCounts,
    adjustCounts,
    countsOf,
    applyListChange,
    reset,
  };
}

export const useMailboxStore = defineStore('mailbox', () => mailboxStoreSetup());
