import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type {
  ConversationSummary,
  FoundMessage,
  ListProgress,
  MessageAction,
  MessageActionResult,
  MessageDetail,
  MessageFlags,
  MessageSummary,
} from '@pigeon/shared';
import { useMailboxStore, type MailboxCounts } from '../mailbox/mailbox.store';
import { currentAccount } from '../../api/account';
import { queueAction, queueable } from '../offline/offline';
import { messageApi, type ListPage, type MessageApi } from './message.api';
import { folderDef, isFolderList, listKey, type ListDef } from './list-def';
import { messageKey } from './message-keys';

export { keyParts, messageKey } from './message-keys';

/** One list's loaded window (a folder, or a search / filter / sort of it): UIDs in display order, plus the anchor of the next page. */
export interface MessageList {
  def: ListDef;
  uids: number[];
  nextBefore: number | null;
  uidValidity: string | null;
  loaded: boolean;
  loading: boolean;
  error: unknown;
  /** the state of the newest page: `since` for GET .../changes (null until loaded, or when the server gave none) */
  syncToken: string | null;
  /** messages in the list (the matches of a search), null until loaded */
  total: number | null;
  /** new mail arrived in its folder that may belong here: "new results, refresh" (only the folder itself is patched) */
  stale: boolean;
  /** how far a sort Pigeon's server does itself has read, while the newest page is loading (null otherwise) */
  progress?: ListProgress | null;
}

/**
 * The loaded results of a search in every folder (decision 038): rows of many folders, each by its message key
 * (path + UID), newest Date first. Their summaries live in the one message cache, so flags change in place, and
 * removals and new mail reach them as they reach a folder's lists.
 */
export interface FoundList {
  keys: string[];
  /** where the server's search continues (null at the end) */
  cursor: string | null;
  /** new mail arrived somewhere since the first page: "new results, refresh" */
  stale: boolean;
}

/** A list target: a folder path (the folder itself) or a whole definition. */
export type ListTarget = string | ListDef;
const defOf = (target: ListTarget): ListDef => (typeof target === 'string' ? folderDef(target) : target);

const REMOVING: ReadonlySet<MessageAction> = new Set(['delete', 'archive', 'move', 'junk', 'notJunk', 'deleteForever']);
const DETAIL_CACHE_SIZE = 100;
/** about 8 MB of details in memory (2 bytes per character of text and preview, plus the envelope) */
const DETAIL_CACHE_BYTES = 8 * 1024 * 1024;
const detailBytes = (d: MessageDetail): number => 2 * (d.text.length + d.preview.length) + 2048;

/** What the server says changed in a folder; `syncToken` is the state after it. */
export interface ServerChanges {
  added?: MessageSummary[];
  changed?: { uid: number; flags: MessageFlags }[];
  removed?: number[];
  syncToken?: string;
}

const toSummary = (d: MessageDetail): MessageSummary => ({
  uid: d.uid,
  from: d.from,
  fromIsAddress: d.fromIsAddress,
  to: d.to,
  subject: d.subject,
  date: d.date,
  size: d.size,
  flags: d.flags,
  hasAttachments: d.hasAttachments,
  preview: d.preview,
});

export function messageStoreSetup(api: MessageApi = messageApi) {
  const messagesById = reactive<Record<string, MessageSummary>>({});
  const details = reactive<Record<string, MessageDetail>>({});
  const lists = reactive<Record<string, MessageList>>({});
  /** searches in every folder, by their query key (allFoldersKey in list-def.ts) */
  const found = reactive<Record<string, FoundList>>({});
  /** conversation rows by their newest message's id (a conversation list's UIDs are its rows' newest messages) */
  const conversations = reactive<Record<string, ConversationSummary>>({});
  /** checked rows of the folder on screen */
  const selected = ref<number[]>([]);
  /** checked results of a search in every folder: message keys, as they span folders */
  const foundSelected = ref<string[]>([]);
  const inflight = new Map<string, Promise<void>>();
  const detailRequests = new Map<string, Promise<MessageDetail>>();
  /** bumped on every local flag change, so a slower detail response cannot undo a newer action */
  const flagEdits = new Map<string, number>();

  const heads = new Map<string, AbortController>();
  /**
   * lists whose newest page was given (giveHead) or asked for before their page existed (loadHeadAhead): their next
   * loadHead takes that answer instead of asking again
   */
  const ahead = new Map<string, Promise<void>>();

  function ensureList(target: ListTarget): MessageList {
    const def = defOf(target);
    const key = listKey(def);
    if (!lists[key]) {
      lists[key] = {
        def,
        uids: [],
        nextBefore: null,
        uidValidity: null,
        loaded: false,
        loading: false,
        error: null,
        syncToken: null,
        total: null,
        stale: false,
        progress: null,
      };
    }
    return lists[key]!;
  }

  /** Every loaded list of one folder (the folder itself, its searches, filters and sorts). */
  const listsOf = (path: string): MessageList[] => Object.values(lists).filter((l) => l.def.path === path);

  const summary = (path: string, uid: number): MessageSummary | undefined => messagesById[messageKey(path, uid)];
  const cachedDetail = (path: string, uid: number): MessageDetail | undefined => details[messageKey(path, uid)];

  /** Rows of a search in every folder: the first page replaces the list, a later one appends what is new. */
  function putFound(query: string, rows: FoundMessage[], cursor: string | null, append: boolean): void {
    const keys: string[] = [];
    for (const { path, ...row } of rows) {
      const key = messageKey(path, row.uid);
      messagesById[key] = row;
      keys.push(key);
    }
    const list = found[query];
    if (list && append) {
      const known = new Set(list.keys);
      list.keys.push(...keys.filter((k) => !known.has(k)));
      list.cursor = cursor;
    } else found[query] = { keys, cursor, stale: false };
  }

  /** Messages of `path` that left it leave every all-folders result list too. */
  function dropFound(path: string, uids: Iterable<number>): void {
    const gone = new Set([...uids].map((uid) => messageKey(path, uid)));
    for (const list of Object.values(found)) list.keys = list.keys.filter((k) => !gone.has(k));
    foundSelected.value = foundSelected.value.filter((k) => !gone.has(k));
  }

  function store(list: MessageList, page: ListPage): number[] {
    const path = list.def.path;
    for (const m of page.messages) messagesById[messageKey(path, m.uid)] = m;
    for (const c of page.conversations ?? []) conversations[messageKey(path, c.latest.uid)] = c;
    const mailboxes = useMailboxStore();
    if (isFolderList(list.def)) mailboxes.setCounts(path, { total: page.total, unread: page.unread });
    else mailboxes.setCounts(path, { total: mailboxes.countsOf(path)?.total ?? 0, unread: page.unread });
    list.total = page.total;
    return page.messages.map((m) => m.uid);
  }

  function once(key: string, run: () => Promise<void>): Promise<void> {
    const running = inflight.get(key);
    if (running) return running;
    const promise = run().finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return promise;
  }

  function track(list: MessageList, run: () => Promise<void>): Promise<void> {
    list.loading = true;
    list.error = null;
    return run()
      .catch((error: unknown) => {
        list.error = error;
        throw error;
      })
      .finally(() => (list.loading = false));
  }

  /**
   * Loads or refreshes the newest page. A loaded list keeps its older pages: the newest window is
   * replaced (new mail appears, vanished mail goes) and everything older than it stays.
   */
  function loadHead(target: ListTarget): Promise<void> {
    const list = ensureList(target);
    const key = listKey(list.def);
    // the page that came with the sign-in answer, or was asked for right after it, is the one the mail page would
    // ask for now: however late the page's code arrives, that answer is taken rather than fetched twice
    const early = ahead.get(key);
    if (early) {
      ahead.delete(key);
      return early;
    }
    return once(`${key}\nhead`, () =>
      track(list, async () => {
        const controller = new AbortController();
        heads.set(key, controller);
        const page = await api
          .listMessages(list.def, undefined, controller.signal, (p) => (list.progress = p))
          .finally(() => {
            list.progress = null;
            if (heads.get(key) === controller) heads.delete(key);
          });
        putHead(list, page);
      }),
    );
  }

  function putHead(list: MessageList, page: ListPage): void {
    const uids = store(list, page);
    const oldest = uids.at(-1);
    const keep =
      list.loaded && page.uidValidity === list.uidValidity && oldest !== undefined && !list.def.conversations
        ? list.uids.filter((uid) => uid < oldest)
        : [];
    list.uids = [...uids, ...keep];
    if (keep.length === 0) list.nextBefore = page.nextBefore;
    list.uidValidity = page.uidValidity;
    list.syncToken = page.syncToken ?? null;
    list.loaded = true;
    list.stale = false;
  }

  /** A newest page read elsewhere (the sign-in answer, decision 036): stored, and the next loadHead of it is skipped. */
  function giveHead(target: ListTarget, page: ListPage): void {
    const list = ensureList(target);
    putHead(list, page);
    ahead.set(listKey(list.def), Promise.resolve());
  }

  /** The newest page asked for before the page showing it exists (right after sign-in): its first loadHead joins it. */
  function loadHeadAhead(target: ListTarget): Promise<void> {
    const key = listKey(ensureList(target).def);
    const loading = loadHead(target);
    ahead.set(key, loading);
    // a failed one is asked for again by the page
    loading.catch(() => ahead.get(key) === loading && ahead.delete(key));
    return loading;
  }

  /** Stops a running first page (a slow search): the request is aborted, and so is the server's search. */
  function cancelHead(target: ListTarget): void {
    heads.get(listKey(defOf(target)))?.abort();
  }

  /** Appends the next older page (anchored on `nextBefore`); concurrent calls share one request. */
  function loadMore(target: ListTarget): Promise<void> {
    const list = ensureList(target);
    if (!list.loaded) return loadHead(list.def);
    const before = list.nextBefore;
    if (before === null) return Promise.resolve();
    const reload = () => {
      list.loaded = false;
      list.uids = [];
      return loadHead(list.def);
    };
    return once(`${listKey(list.def)}\n${before}`, () =>
      track(list, async () => {
        const page = await api.listMessages(list.def, before).catch((error: unknown) => {
          // the anchor left the list (deleted elsewhere) under a sort or search: start again from the top
          if ((error as { code?: string }).code === 'list.anchor_gone') return null;
          throw error;
        });
        if (!page || page.uidValidity !== list.uidValidity) return reload();
        const uids = store(list, page);
        const known = new Set(list.uids);
        list.uids.push(...uids.filter((uid) => !known.has(uid)));
        list.nextBefore = page.nextBefore;
      }),
    );
  }

  /** Evicts the oldest details past the count or byte bound (the text dominates a detail's size). */
  function trimDetails(): void {
    const keys = Object.keys(details);
    let bytes = keys.reduce((sum, k) => sum + detailBytes(details[k]!), 0);
    let count = keys.length;
    for (const k of keys) {
      if (count <= DETAIL_CACHE_SIZE && bytes <= DETAIL_CACHE_BYTES) return;
      bytes -= detailBytes(details[k]!);
      count -= 1;
      delete details[k];
    }
  }

  /**
   * Fetches and caches the reader's view of a message. It changes no flag, here or on the server (opening
   * marks read with a POST after display, see useReaderPrefetch); a prefetch passes a `signal` to cancel it.
   */
  function loadDetail(path: string, uid: number, signal?: AbortSignal): Promise<MessageDetail> {
    const key = messageKey(path, uid);
    const running = detailRequests.get(key);
    if (running) return running;
    const edits = flagEdits.get(key) ?? 0;
    const promise = api
      .getMessage(path, uid, signal)
      .then((detail) => {
        const current = messagesById[key];
        // a local action since the request left is newer than what the server answered
        const stale = (flagEdits.get(key) ?? 0) !== edits && current;
        const loaded: MessageDetail = stale ? { ...detail, flags: { ...current.flags } } : detail;
        delete details[key];
        details[key] = loaded;
        trimDetails();
        messagesById[key] = toSummary(loaded);
        return loaded;
      })
      .finally(() => detailRequests.delete(key));
    detailRequests.set(key, promise);
    return promise;
  }

  function setFlags(path: string, uid: number, patch: Partial<MessageFlags>): void {
    const key = messageKey(path, uid);
    flagEdits.set(key, (flagEdits.get(key) ?? 0) + 1);
    if (messagesById[key]) messagesById[key].flags = { ...messagesById[key].flags, ...patch };
    if (details[key]) details[key].flags = { ...details[key].flags, ...patch };
  }

  function destinationOf(path: string, action: MessageAction, target?: string): string | null {
    const mailboxes = useMailboxStore();
    if (action === 'move') return target ?? null;
    if (action === 'archive') return mailboxes.byRole('archive')?.path ?? null;
    if (action === 'junk') return mailboxes.byRole('junk')?.path ?? null;
    if (action === 'notJunk') return 'INBOX';
    if (action !== 'delete') return null;
    const role = mailboxes.get(path)?.role;
    return role === 'trash' || role === 'junk' ? null : (mailboxes.byRole('trash')?.path ?? null);
  }

  /** Applies the action at once, then asks the server; on failure restores flags, rows and counts and rethrows. */
  async function act(
    path: string,
    action: MessageAction,
    uids: number[],
    target?: string,
  ): Promise<MessageActionResult> {
    const mailboxes = useMailboxStore();
    const destination = destinationOf(path, action, target);
    const known = uids.map((uid) => summary(path, uid)).filter((m): m is MessageSummary => !!m);
    const flagsBefore = new Map(known.map((m) => [m.uid, { ...m.flags }]));
    const unread = known.filter((m) => !m.flags.seen).length;
    const countsBefore: MailboxCounts | undefined = mailboxes.countsOf(path);
    const affected = listsOf(path);
    const removed = new Set(uids);
    const before = new Map(affected.map((l) => [l, [...l.uids]]));
    const foundBefore = new Map(Object.values(found).map((l) => [l, [...l.keys]]));
    const mine = new Set(uids.map((uid) => messageKey(path, uid)));

    if (action === 'markRead' || action === 'markUnread') {
      const seen = action === 'markRead';
      for (const uid of uids) setFlags(path, uid, { seen });
      mailboxes.adjustCounts(path, { unread: seen ? -unread : known.length - unread });
    } else if (action === 'star' || action === 'unstar') {
      for (const uid of uids) setFlags(path, uid, { flagged: action === 'star' });
    } else if (REMOVING.has(action)) {
      for (const l of affected) l.uids = l.uids.filter((uid) => !removed.has(uid));
      dropFound(path, removed);
      selected.value = selected.value.filter((uid) => !removed.has(uid));
      mailboxes.adjustCounts(path, { total: -uids.length, unread: -unread });
      if (destination) mailboxes.adjustCounts(destination, { total: uids.length, unread });
    }

    const body = { action, uids, ...(target ? { target } : {}) };
    try {
      return await api.runAction(path, body);
    } catch (error) {
      // no network: the action waits on the device and is sent when the connection returns (decision 031)
      if (queueable(error) && (await queueAction(currentAccount(), path, body).catch(() => false)))
        return { action, uids, destination, expunged: false };
      for (const [uid, flags] of flagsBefore) setFlags(path, uid, flags);
      // the rows come back where they were, in each list's own order
      // (results of other folders acted on at the same time stay as those actions left them)
      if (REMOVING.has(action)) {
        for (const [l, order] of before) l.uids = order;
        for (const [l, keys] of foundBefore) {
          const now = new Set(l.keys);
          l.keys = keys.filter((k) => now.has(k) || mine.has(k));
        }
        if (destination) mailboxes.adjustCounts(destination, { total: -uids.length, unread: -unread });
      }
      if (countsBefore) mailboxes.setCounts(path, countsBefore);
      throw error;
    }
  }

  /**
   * An action on whole conversations of a conversation list (rows given by their newest UID): the rows leave or
   * change at once, the server applies it to every message of each, then the list is read again.
   */
  async function actOnConversations(
    def: ListDef,
    rows: number[],
    action: MessageAction,
    target?: string,
  ): Promise<void> {
    const list = ensureList(def);
    const path = def.path;
    const matched = rows.map((uid) => conversationOf(path, uid)).filter((c): c is ConversationSummary => !!c);
    const before = [...list.uids];
    if (REMOVING.has(action)) {
      const gone = new Set(rows);
      list.uids = list.uids.filter((uid) => !gone.has(uid));
      selected.value = selected.value.filter((uid) => !gone.has(uid));
    } else if (action === 'markRead' || action === 'markUnread') {
      for (const c of matched) {
        c.unread = action === 'markRead' ? 0 : c.count;
        setFlags(path, c.latest.uid, { seen: action === 'markRead' });
      }
    }
    try {
      const body = { action, ...(target ? { target } : {}) };
      await Promise.all(matched.map((c) => api.runConversationAction(path, c.id, body)));
    } catch (error) {
      list.uids = before;
      throw error;
    } finally {
      await loadHead(def).catch(() => {});
    }
  }

  /** The message to show after `removed` leave the list: the next older one, else the next newer, else none. */
  function neighborAfterRemoval(target: ListTarget, uid: number, removed: readonly number[]): number | null {
    const uids = lists[listKey(defOf(target))]?.uids ?? [];
    const gone = new Set(removed);
    const at = uids.indexOf(uid);
    if (at === -1) return null;
    const after = uids.slice(at + 1).find((u) => !gone.has(u));
    if (after !== undefined) return after;
    return [...uids.slice(0, at)].reverse().find((u) => !gone.has(u)) ?? null;
  }

  /** Changes the server reported (live events, resync after a reconnect): rows appear, vanish and change flags in place. */
  function applyChanges(path: string, changes: ServerChanges): void {
    const list = lists[path];
    for (const { uid, flags } of changes.changed ?? []) if (summary(path, uid)) setFlags(path, uid, flags);
    const removed = new Set(changes.removed ?? []);
    if (removed.size) {
      for (const l of listsOf(path)) l.uids = l.uids.filter((uid) => !removed.has(uid));
      dropFound(path, removed);
      selected.value = selected.value.filter((uid) => !removed.has(uid));
    }
    if (changes.added?.length) markStale(path);
    else if (changes.changed?.length || removed.size) refreshConversations(path);
    if (list?.loaded && changes.added?.length) {
      const oldest = list.nextBefore === null ? 0 : (list.uids.at(-1) ?? 0);
      const present = new Set(list.uids);
      const fresh = changes.added.filter((m) => m.uid > oldest && !present.has(m.uid) && !removed.has(m.uid));
      for (const m of fresh) messagesById[messageKey(path, m.uid)] = m;
      if (fresh.length) list.uids = [...list.uids, ...fresh.map((m) => m.uid)].sort((a, b) => b - a);
    }
    if (list && changes.syncToken) list.syncToken = changes.syncToken;
  }

  /** New mail in `path`: every other list of that folder, and every search in all folders, may miss matches now ("new results, refresh"). */
  function markStale(path: string): void {
    for (const l of listsOf(path)) if (l.loaded && !isFolderList(l.def) && !l.def.conversations) l.stale = true;
    for (const l of Object.values(found)) l.stale = true;
    refreshConversations(path);
  }

  const refreshing = new Set<string>();
  /** Conversations of `path` read again (a reply joins its conversation, counts change): at most one reload queued. */
  function refreshConversations(path: string): void {
    for (const l of listsOf(path)) {
      const key = listKey(l.def);
      if (!l.loaded || !l.def.conversations || refreshing.has(key)) continue;
      refreshing.add(key);
      const running = inflight.get(`${key}\nhead`) ?? Promise.resolve();
      void running
        .catch(() => {})
        .then(() => {
          refreshing.delete(key);
          return loadHead(l.def);
        })
        .catch(() => {});
    }
  }

  const conversationOf = (path: string, uid: number): ConversationSummary | undefined =>
    conversations[messageKey(path, uid)];

  function setSelection(uids: number[]): void {
    selected.value = uids;
  }

  function setFoundSelection(keys: string[]): void {
    foundSelected.value = keys;
  }

  function reset(): void {
    for (const record of [messagesById, details, lists, conversations, found])
      for (const key of Object.keys(record)) delete record[key];
    selected.value = [];
    foundSelected.value = [];
    inflight.clear();
    for (const c of heads.values()) c.abort();
    heads.clear();
    ahead.clear();
    detailRequests.clear();
    flagEdits.clear();
  }

  return {
    messagesById,
    details,
    lists,
    found,
    selected,
    foundSelected,
    summary,
    putFound,
    conversationOf,
    refreshConversations,
    cachedDetail,
    loadHead,
    giveHead,
    loadHeadAhead,
    loadMore,
    cancelHead,
    markStale,
    loadDetail,
    act,
    actOnConversations,
    applyChanges,
    neighborAfterRemoval,
    setSelection,
    setFoundSelection,
    destinationOf,
    reset,
  };
}

export const useMessageStore = defineStore('message', () => messageStoreSetup());
