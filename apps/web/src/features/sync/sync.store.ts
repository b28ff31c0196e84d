import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { apiRoutes, type Pop3CheckProgressedEvent, type AccountState } from '@pigeon/shared';
import { request } from '../../api/http';
import { currentAccount, isCurrentAccount } from '../../api/account';
import { createSocket, type PigeonSocket } from '../../api/socket';
import { useMailboxStore } from '../mailbox/mailbox.store';
import { useMessageStore } from '../message/message.store';
import { useCapacityStore } from '../capacity/capacity.store';
import { useAccountsStore } from '../accounts/accounts.store';
import { messageApi } from '../message/message.api';
import { folderDef, isFolderList } from '../message/list-def';
import { syncApi, type SyncApi } from './sync.api';
import { notificationsEnabled, notifyNewMail } from './notifications';

/** What the connection indicator shows. */
export type ConnectionState = 'live' | 'reconnecting' | 'offline';

const INBOX = 'INBOX';

/**
 * Live updates: one socket per page, events patch the message and mailbox stores in place, and every (re)connect
 * resyncs the loaded folders by difference (GET .../changes?since=) instead of reloading them.
 */
export function syncStoreSetup(api: SyncApi = syncApi, connect: () => PigeonSocket = createSocket) {
  const socketUp = ref(false);
  const accountState = ref<AccountState>('connecting');
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const watching = ref<string | null>(null);
  /** a POP3 account's check as its watcher reports it (null before the first report) */
  const pop3Check = ref<Omit<Pop3CheckProgressedEvent, 'accountId'> | null>(null);
  let socket: PigeonSocket | null = null;
  let signingInAgain = false;
  /** the account was live before on this page: a later `live` follows a gap, when folders may have come or gone */
  let wasLive = false;
  let openMessage: (uid: number) => void = () => {};
  const resyncing = new Map<string, Promise<void>>();

  const state = computed<ConnectionState>(() => {
    if (!online.value) return 'offline';
    return socketUp.value && accountState.value === 'live' ? 'live' : 'reconnecting';
  });
  // set when an API call was refused with this device's stored password, even while the shared session is live
  const passwordRejected = ref(false);
  const needsPassword = computed(() => passwordRejected.value || (socketUp.value && accountState.value === 'reauth'));

  /** Brings a loaded folder up to date: the changes since its token, or a reload when the server cannot tell. */
  function resync(path: string): Promise<void> {
    const messages = useMessageStore();
    const list = messages.lists[path];
    if (!list?.loaded) return Promise.resolve();
    const running = resyncing.get(path);
    if (running) return running.then(() => resync(path));
    const run = (async () => {
      const changes = await api.changes(path, list.syncToken);
      if (changes.reset) return messages.loadHead(path);
      messages.applyChanges(path, changes);
      useMailboxStore().setCounts(path, { total: changes.total, unread: changes.unread });
      if (path === INBOX) notifyNewMail(changes.added, openMessage);
    })()
      .catch(() => {})
      .finally(() => resyncing.delete(path));
    resyncing.set(path, run);
    return run;
  }

  /**
   * `folders`: the folder list is read again too. Not on the page's first `live`: the list was just read with the
   * first rows, and the watcher's baseline announces every folder's counts (mailbox.countsChanged) on its way to live.
   */
  function resyncAll(folders = true): void {
    const mailboxes = useMailboxStore();
    if (folders || !mailboxes.loaded) mailboxes.load().catch(() => {});
    for (const list of Object.values(useMessageStore().lists)) {
      if (!list.loaded) continue;
      // the folder itself is brought up to date by difference; a search or sort may have missed new matches
      if (isFolderList(list.def)) void resync(list.def.path);
      else list.stale = true;
    }
  }

  function start(onOpenMessage: (uid: number) => void): void {
    openMessage = onOpenMessage;
    if (socket) return;
    const s = connect();
    socket = s;
    const messages = useMessageStore();
    const mailboxes = useMailboxStore();
    const capacity = useCapacityStore();
    // the quota bar follows whatever changes the mailbox's size, here or on another device
    const sizeChanged = () => capacity.refreshSoon();
    s.on('message.added', sizeChanged);
    s.on('message.removed', sizeChanged);
    // counts this device already shows change no size (a watcher's baseline announces every folder once)
    s.on('mailbox.countsChanged', (e) => {
      if (mailboxes.get(e.path)?.total !== e.total) sizeChanged();
    });
    // every account's Inbox, for the switcher's counts and the unified inbox (decision 034)
    const accounts = useAccountsStore();
    s.on('mailbox.countsChanged', (e) => {
      if (e.path === INBOX) accounts.setUnread(e.accountId, e.unread);
    });
    for (const event of ['message.added', 'message.removed', 'message.flagsChanged'] as const)
      s.on(event, (e: { path: string }) => {
        if (e.path === INBOX) accounts.bumpInbox();
      });
    // an account was added or removed on some device: this socket reconnects so the server attaches the new set
    s.on('accounts.changed', () => {
      accounts.load().catch(() => {});
      reconnect();
    });
    s.on('connect', () => {
      socketUp.value = true;
      s.emit('mailbox.watch', watching.value, currentAccount());
      // the server answers every connection with the account's state: until it is live, that 'live' resyncs (below)
      if (accountState.value === 'live') resyncAll();
    });
    s.on('disconnect', (reason) => {
      socketUp.value = false;
      // socket.io does not come back by itself after a server-side disconnect, which is also how a session ends
      // (signed out on another device): the probe's 401 sends the user to sign-in (and stops this socket)
      // (not while this device signs in again: the server ends the old session's socket before answering)
      if (reason === 'io server disconnect' && !signingInAgain)
        void request(apiRoutes.session)
          .catch(() => {})
          .finally(() => socket === s && s.connect());
    });
    // a refused handshake because the session ended: the session probe's 401 sends the user to sign-in
    s.on('connect_error', (err) => {
      if (err.message === 'auth.not_signed_in') request(apiRoutes.session).catch(() => {});
    });
    // every event names its account: this app shows one (the primary), so events of others are not for it
    s.on('account.stateChanged', (e) => {
      if (!isCurrentAccount(e)) return;
      const next = e.state;
      // also after `connecting`: what arrived between this device's own loads and the server's baseline is fetched
      const recovered = next === 'live' && accountState.value !== 'live';
      accountState.value = next;
      if (!recovered) return;
      resyncAll(wasLive);
      wasLive = true;
    });
    s.on('message.added', (e) => {
      if (!isCurrentAccount(e)) return;
      const { path, uids, rows } = e;
      // the rows came with the event (built once on the server): no `changes` round trip; the list's token stays,
      // so a reconnect's resync still covers everything since it
      if (rows) {
        messages.applyChanges(path, { added: rows });
        if (path === INBOX) notifyNewMail(rows, openMessage);
        return;
      }
      messages.markStale(path);
      if (messages.lists[path]?.loaded) void resync(path);
      else if (path === INBOX && notificationsEnabled.value)
        messageApi
          .listMessages(folderDef(INBOX))
          .then((page) =>
            notifyNewMail(
              page.messages.filter((m) => uids.includes(m.uid)),
              openMessage,
            ),
          )
          .catch(() => {});
    });
    s.on('message.removed', (e) => {
      if (isCurrentAccount(e)) messages.applyChanges(e.path, { removed: e.uids });
    });
    s.on('message.flagsChanged', (e) => {
      if (isCurrentAccount(e)) messages.applyChanges(e.path, { changed: e.changes });
    });
    s.on('mailbox.countsChanged', (e) => {
      if (isCurrentAccount(e)) mailboxes.setCounts(e.path, { total: e.total, unread: e.unread });
    });
    s.on('pop3.checkProgressed', (e) => {
      if (isCurrentAccount(e)) pop3Check.value = { phase: e.phase, total: e.total, done: e.done };
    });
    s.on('mailbox.listChanged', (e) => {
      if (isCurrentAccount(e)) mailboxes.applyListChange(e).catch(() => {});
    });
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    s.connect();
  }

  const onOnline = () => (online.value = true);
  const onOffline = () => (online.value = false);

  /** The folder this device shows: the server keeps it live. */
  function watch(path: string | null): void {
    watching.value = path;
    if (socket?.connected) socket.emit('mailbox.watch', path, currentAccount());
  }

  /** The password dialog signs in again in place; then the socket connects with the new session cookie. */
  async function signInAgain(signIn: () => Promise<unknown>): Promise<void> {
    signingInAgain = true;
    try {
      await signIn();
    } finally {
      signingInAgain = false;
    }
    reconnect();
  }

  /** After a new sign-in (another password): connect again with the new session cookie. */
  function reconnect(): void {
    passwordRejected.value = false;
    if (!socket) return;
    socket.disconnect();
    socket.connect();
  }

  function stop(): void {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    socketUp.value = false;
    accountState.value = 'connecting';
    wasLive = false;
    pop3Check.value = null;
    passwordRejected.value = false;
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  }

  /** An API call was refused with this device's password: ask for it (the dialog's sign-in then calls reconnect). */
  function credentialsRejected(): void {
    passwordRejected.value = true;
  }

  return {
    state,
    accountState,
    needsPassword,
    watching,
    pop3Check,
    start,
    stop,
    watch,
    resync,
    reconnect,
    signInAgain,
    credentialsRejected,
  };
}

export const useSyncStore = defineStore('sync', () => syncStoreSetup());
