import type { MessagePage } from '@pigeon/shared';
import { searchAllFolders } from '../imap/all-folders-search.ts';
import { conversationNotFound } from '../conversation.errors.ts';
import { CONVERSATION_MESSAGES_MAX, mergeConversation } from '../imap/conversations.ts';
import { searchCancelled } from '../list-view.errors.ts';
import { hasCriteria, isPlainFolder, pageAfter, type ListView } from '../list/list-view.ts';
import type { MailStore } from '../mail-store.ts';
import { conversationIds, localConversationPage, localThreads, repliesAmong, withPath } from './local-conversations.ts';
import type { LocalFolderInfo } from './local-store.repository.ts';
import { localDateOrder, localOrder, wordsOf } from './local-view.ts';
import type { LocalViews } from './local-views.repository.ts';

export interface LocalListDeps {
  views: LocalViews;
  accountId: string;
  /** the folder's state (mailbox.not_found when it does not exist) */
  folderInfo: (path: string) => Promise<LocalFolderInfo>;
  /** the sync token of a folder's state */
  tokenOf: (f: LocalFolderInfo) => string;
  /** the store's own methods these build on */
  store: Pick<MailStore, 'page' | 'act' | 'folders'>;
  /** the path of the Sent folder */
  sentPath: () => Promise<string | undefined>;
}

type ListMethods = Pick<MailStore, 'view' | 'conversations' | 'conversation' | 'actOnConversation' | 'searchAll'>;

/**
 * A POP3 account's list views, conversations and all-folders search over Pigeon's own store (decision 035): the
 * same answers and error codes as the IMAP store, computed from the rows and header blocks kept at download.
 */
export function localLists(deps: LocalListDeps): ListMethods {
  const { views, accountId, folderInfo, store } = deps;

  /** for each search word of the view, the UIDs whose stored bytes hold it */
  const wordHits = async (path: string, view: ListView, signal?: AbortSignal) => {
    const hits = new Map<string, Set<number>>();
    for (const { key, word, part } of wordsOf(view)) {
      if (signal?.aborted) throw searchCancelled();
      hits.set(key, await views.textHits(accountId, path, word, part));
    }
    return hits;
  };
  const threadsOf = async (path: string) => localThreads(await views.threadHeaders(accountId, path));
  const uidsOf = async (path: string, id: number) => {
    const thread = (await threadsOf(path)).find((t) => t.includes(id));
    if (!thread) throw conversationNotFound();
    return thread;
  };

  return {
    async view(path, view, { before, limit, signal }): Promise<MessagePage> {
      if (isPlainFolder(view)) return store.page(path, { before, limit });
      const f = await folderInfo(path);
      const rows = await views.rows(accountId, path);
      const order = localOrder(rows, view, await wordHits(path, view, signal));
      const page = pageAfter(order, before, limit);
      const byUid = new Map(rows.map((r) => [r.uid, r.summary]));
      return {
        messages: page.uids.map((u) => byUid.get(u)!),
        total: hasCriteria(view) ? order.length : f.total,
        unread: f.unread,
        uidValidity: String(f.uidValidity),
        nextBefore: page.next,
        ...(before === undefined ? { syncToken: deps.tokenOf(f) } : {}),
      };
    },
    async conversations(path, { before, limit }) {
      const folder = await folderInfo(path);
      const [threads, rows] = await Promise.all([threadsOf(path), views.rows(accountId, path)]);
      return localConversationPage({ threads, rows, before, limit, folder });
    },
    async conversation(path, id) {
      await folderInfo(path);
      const uids = await uidsOf(path, id);
      const shown = new Set(uids.slice(-CONVERSATION_MESSAGES_MAX));
      const headers = (await views.threadHeaders(accountId, path)).filter((m) => shown.has(m.uid));
      const here = withPath(await views.rows(accountId, path), [...shown], path);
      const sent = await deps.sentPath();
      let replies: typeof here = [];
      if (sent && sent !== path) {
        const { ids, answered } = conversationIds(headers);
        const found = repliesAmong(await views.threadHeaders(accountId, sent), ids, answered);
        if (found.length) replies = withPath(await views.rows(accountId, sent), found, sent);
      }
      return { id, path, uids, messages: mergeConversation([here, replies]) };
    },
    async actOnConversation(path, id, body) {
      await folderInfo(path);
      return store.act(path, { ...body, uids: await uidsOf(path, id) });
    },
    async searchAll(view, { cursor, limit, signal, onProgress, anywhere }) {
      const { mailboxes } = await store.folders();
      return searchAllFolders({
        folders: mailboxes,
        folderRows: async (path, after, max) => {
          const rows = await views.rows(accountId, path);
          const page = pageAfter(localDateOrder(rows, view, await wordHits(path, view, signal)), after, max);
          const byUid = new Map(rows.map((r) => [r.uid, r.summary]));
          return { rows: page.uids.map((u) => byUid.get(u)!), more: page.next !== null };
        },
        cursor,
        limit,
        signal,
        onProgress,
        anywhere,
      });
    },
  };
}
