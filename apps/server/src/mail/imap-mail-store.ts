import { setTimeout as pause } from 'node:timers/promises';
import { PAGE_SIZE } from '@pigeon/shared';
import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import type { AccountConnections } from '../imap/account-connections.ts';
import type { DownloadConnections } from '../imap/download-connections.ts';
import type { SnapshotStore } from '../imap/snapshot-store.ts';
import { listMailboxes } from './imap/mailboxes.ts';
import { listMessages } from './imap/message-list.ts';
import { listViewPage } from './imap/list-view-page.ts';
import type { ListOrderCache } from './list/list-order-cache.ts';
import { imapFolderRows, searchAllFolders } from './imap/all-folders-search.ts';
import {
  conversationPage,
  conversationRows,
  conversationUids,
  mergeConversation,
  repliesIn,
} from './imap/conversations.ts';
import { ensureRoleFolder, roleFolders } from './imap/mailboxes.ts';
import {
  checkCanEmpty,
  createFolder,
  deleteFolder,
  emptyFolder,
  markFolderRead,
  subscribeFolder,
  updateFolder,
} from './imap/folder-ops.ts';
import { folderSizes, getQuota, largestMessages } from './imap/capacity.ts';
import type { FolderSizeCache } from './imap/folder-size-cache.ts';
import { cacheOwner, type RowCache } from './imap/row-cache.ts';
import { applyMessageAction } from './imap/message-actions.ts';
import {
  bodyDocument,
  getAttachedMessageBody,
  getAttachment,
  getMessageBody,
  getMessageDetail,
  getPrintable,
  readForEditing,
  resolveAttachment,
  streamAttachment,
  streamRawMessage,
} from './reading/message-read.ts';
import { messageNotFound } from './message.errors.ts';
import type { MessageReader } from './reading/message-reader.ts';
import { changesSince, currentSyncToken } from './imap/changes.ts';
import { deleteByHeader, messageSize, replaceByHeader, searchHeader } from '../imap/by-header.ts';
import { toSequenceSet } from '../imap/sequence-set.ts';
import { appendLimitOf } from '../imap/append-limit.ts';
import { messageSources } from './imap/message-sources.ts';
import { DRAFT_ID_HEADER, type MailStore, type MailStoreCapabilities } from './mail-store.ts';
import type { FirstRowsHandover } from './first-rows-handover.ts';
import { isPlainFolder } from './list/list-view.ts';

const IMAP_CAPABILITIES: MailStoreCapabilities = {
  protocol: 'imap',
  push: true,
  serverFolders: true,
  serverFlags: true,
  appendsSent: true,
  listViews: true,
};

export interface ImapMailStoreDeps {
  connections: AccountConnections;
  /** attachments and .eml stream on connections of their own, so a slow client never holds the command connection */
  downloads: DownloadConnections;
  snapshots: SnapshotStore;
  /** who uses the account's command connection (a cookie session, or an internal holder) */
  holder: Pick<AuthedSession, 'sessionId' | 'userId' | 'email'>;
  account: MailAccount;
  /** the reading pipeline (worker pool + cache), shared by every account */
  reader: MessageReader;
  /** whole orders of slow lists, searches and conversations, per mailbox state (decision 020) */
  listOrders: ListOrderCache;
  /** folder byte sums of servers without STATUS=SIZE, per folder state (decision 022) */
  folderSizes: FolderSizeCache;
  /** what the holder's sign-in read and answered without: its first folder list and first page (decision 036) */
  firstRows?: FirstRowsHandover;
  /** list rows already read, by account, mailbox, UIDVALIDITY and UID (decision 048) */
  rows: RowCache;
  /** TESTS ONLY (TEST_SORT_HERE_PAUSE_MS): sort here as without SORT, pausing between batches */
  sortHereForTests?: { pauseMs: number } | null;
}

/**
 * The MailStore of an IMAP account (decision 018): every call runs on the account's command connection, under the
 * mailbox lock when it names a folder. The IMAP work itself is the small functions that take an ImapFlow in mail/imap/
 * (they map IMAP to Pigeon's model) and imap/ (protocol only); see decision 033.
 */
export function createImapMailStore(deps: ImapMailStoreDeps): MailStore {
  const { connections, downloads, snapshots, account, reader, listOrders: cache, rows } = deps;
  const auth: AuthedSession = { ...deps.holder, account, accounts: [account] };
  // the account owns its sync snapshots (servers without CONDSTORE) and its readings in the shared cache
  const owner = account.id;
  // the in-memory caches (rows, list orders, readings, folder sizes) also key the server and login read (decision 050)
  const kept = cacheOwner(account);
  const handover = deps.firstRows;
  const forTests = deps.sortHereForTests;
  return {
    accountId: account.id,
    capabilities: IMAP_CAPABILITIES,
    folders: async () =>
      (await handover?.takeFolders(auth.sessionId, owner)) ??
      connections.withClient(auth, (client) => listMailboxes({ client })),
    page: (path, { before, limit }) =>
      connections.withMailbox(auth, path, async (client) => {
        // the newest page carries the state it shows, taken first, for changesSince (resync by difference)
        const syncToken = before === undefined ? await currentSyncToken({ client, path, snapshots, owner }) : undefined;
        const page = await listMessages({
          client,
          path,
          before,
          ...(limit ? { limit } : {}),
          cached: { rows, owner: kept },
        });
        return syncToken ? { ...page, syncToken } : page;
      }),
    view: async (path, view, { before, limit, signal, onProgress }) => {
      // the sign-in's own reading of this page, still under way or just done: taken instead of reading again
      const early =
        before === undefined && limit === PAGE_SIZE && isPlainFolder(view)
          ? await handover?.takePage(auth.sessionId, owner, path)
          : undefined;
      if (early) return early;
      return connections.withMailbox(auth, path, async (client, interleave) => {
        const syncToken = before === undefined ? await currentSyncToken({ client, path, snapshots, owner }) : undefined;
        const page = await listViewPage({
          ...{ client, path, view, before, limit, signal, onProgress },
          ...(forTests
            ? {
                // a cancel ends the pause at once (the next batch is then not read)
                sortHere: true,
                interleave: () =>
                  pause(forTests.pauseMs, undefined, { signal })
                    .catch(() => {})
                    .then(interleave),
              }
            : { interleave }),
          ...{ cache, owner: kept, rows },
        });
        return syncToken ? { ...page, syncToken } : page;
      });
    },
    conversations: (path, { before, limit }) =>
      connections.withMailbox(auth, path, (client) =>
        conversationPage({ client, path, before, limit, cache, owner: kept, rows }),
      ),
    async conversation(path, id) {
      const here = await connections.withMailbox(auth, path, async (client) => {
        const uids = await conversationUids({ client, path, id, cache, owner: kept });
        return { uids, sent: (await roleFolders({ client })).sent, ...(await conversationRows(client, path, uids)) };
      });
      // the user's own replies live in Sent: a second folder, under its own lock
      const sent = here.sent && here.sent !== path ? here.sent : null;
      const replies = sent
        ? await connections.withMailbox(auth, sent, (client) => repliesIn(client, sent, here.ids, here.answered))
        : [];
      return { id, path, uids: here.uids, messages: mergeConversation([here.messages, replies]) };
    },
    actOnConversation: (path, id, body) =>
      connections.withMailbox(auth, path, async (client) => {
        const uids = await conversationUids({ client, path, id, cache, owner: kept });
        return applyMessageAction({ client, path, uids, ...body });
      }),
    async searchAll(view, { cursor, limit, signal, onProgress, anywhere }) {
      const { mailboxes } = await connections.withClient(auth, (client) => listMailboxes({ client }));
      return searchAllFolders({
        folders: mailboxes,
        folderRows: (path, after, max) =>
          connections.withMailbox(auth, path, (client) =>
            imapFolderRows({ client, path, view, after, limit: max, signal, cache, owner: kept, rows }),
          ),
        cursor,
        limit,
        signal,
        onProgress,
        anywhere,
      });
    },
    changesSince: (path, since) =>
      connections.withMailbox(auth, path, async (client) => {
        const { diff: _diff, ...changes } = await changesSince({ client, path, since, snapshots, owner });
        return changes;
      }),
    read: (path, uid, use) =>
      downloads.enabled
        ? downloads.withMailbox(auth, path, null, async (client) => use(await streamRawMessage({ client, uid })))
        : connections.withMailbox(auth, path, async (client) => use(await streamRawMessage({ client, uid }))),
    sources: (path, uids, use) =>
      connections.withMailbox(auth, path, async (client) => use(await messageSources(client, uids))),
    detail: (path, uid) =>
      connections.withMailbox(auth, path, (client) => getMessageDetail({ client, reader, accountId: kept, path, uid })),
    async body(path, uid, remote) {
      // a reading already made (or being made) needs no IMAP: it does not queue for the mailbox lock (decision 044)
      const uidValidity = connections.generationOf(owner, path);
      const ready =
        uidValidity === undefined ? null : reader.ready({ accountId: kept, path, uidValidity, uid, remote });
      if (ready) return bodyDocument(await ready);
      return connections.withMailbox(auth, path, (client) =>
        getMessageBody({ client, reader, accountId: kept, path, uid, remote }),
      );
    },
    printable: (path, uid, remote) =>
      connections.withMailbox(auth, path, (client) =>
        getPrintable({ client, reader, accountId: kept, path, uid, remote }),
      ),
    async attachment(path, uid, id, maxBytes, use) {
      if (!downloads.enabled)
        return connections.withMailbox(auth, path, async (client) =>
          use(await getAttachment({ client, reader, accountId: kept, path, uid, id, maxBytes })),
        );
      // the reading names the part on the command connection; the bytes stream on a connection of their own
      const target = await connections.withMailbox(auth, path, (client) =>
        resolveAttachment({ client, reader, accountId: kept, path, uid, id, maxBytes }),
      );
      if (target.file) return use(target.file);
      return downloads.withMailbox(auth, path, target.uidValidity, async (client) =>
        use(await streamAttachment(client, uid, target, maxBytes)),
      );
    },
    attachedMessage: (path, uid, id) =>
      connections.withMailbox(auth, path, (client) =>
        getAttachedMessageBody({ client, reader, accountId: kept, path, uid, id }),
      ),
    act: (path, action) =>
      connections.withMailbox(auth, path, (client) => applyMessageAction({ client, path, ...action })),
    searchHeader: (path, name, value) =>
      connections.withMailbox(auth, path, (client) => searchHeader(client, name, value)),
    createFolder: (parent, name) => connections.withClient(auth, (client) => createFolder({ client, parent, name })),
    updateFolder: (path, change) => connections.withClient(auth, (client) => updateFolder({ client, path, ...change })),
    deleteFolder: (path) => connections.withClient(auth, (client) => deleteFolder({ client, path })),
    subscribeFolder: (path, subscribed) =>
      connections.withClient(auth, (client) => subscribeFolder({ client, path, subscribed })),
    async emptyFolder(path) {
      await connections.withClient(auth, (client) => checkCanEmpty({ client, path }));
      return connections.withMailbox(auth, path, (client) => emptyFolder({ client, path }));
    },
    markFolderRead: (path) => connections.withMailbox(auth, path, (client) => markFolderRead({ client, path })),
    quota: () => connections.withClient(auth, (client) => getQuota({ client })),
    folderSizes: () =>
      connections.withClient(auth, (client) => folderSizes({ client, cache: deps.folderSizes, owner: kept })),
    largestMessages: ({ path, by, limit }) =>
      connections.withClient(auth, (client) => largestMessages({ client, path, by, limit })),
    append: ({ folder, raw, flags }) =>
      connections.withClient(auth, async (client) => {
        const path = 'role' in folder ? await ensureRoleFolder({ client, role: folder.role }) : folder.path;
        const appended = await client.append(path, raw, flags);
        return { path, uid: appended && typeof appended.uid === 'number' ? appended.uid : null };
      }),
    appendLimit: () => connections.withClient(auth, async (client) => appendLimitOf(client)),
    roleFolder: (role) => connections.withClient(auth, async (client) => (await roleFolders({ client }))[role] ?? null),
    addFlags: (path, uids, flags) =>
      connections.withMailbox(auth, path, async (client) => {
        if (uids.length) await client.messageFlagsAdd(toSequenceSet(uids), flags, { uid: true });
      }),
    size: (path, uid) =>
      connections.withMailbox(auth, path, async (client) => {
        const size = await messageSize(client, uid);
        if (size === null) throw messageNotFound(uid);
        return size;
      }),
    reading: (path, uid) =>
      connections.withMailbox(auth, path, (client) =>
        reader.open({ client, accountId: kept, path, uid, remote: false }),
      ),
    editable: (path, uid, maxBytes) =>
      connections.withMailbox(auth, path, (client) => readForEditing({ client, reader, uid, maxBytes })),
    async saveDraft(draftId, raw) {
      const path = await connections.withClient(auth, (client) => ensureRoleFolder({ client, role: 'drafts' }));
      const uid = await connections.withMailbox(auth, path, (client) =>
        replaceByHeader(client, { path, raw, flags: ['\\Draft', '\\Seen'], header: DRAFT_ID_HEADER, value: draftId }),
      );
      return { path, uid };
    },
    async deleteDraft(draftId) {
      const path = await connections.withClient(auth, async (client) => (await roleFolders({ client })).drafts);
      if (!path) return 0;
      return connections.withMailbox(auth, path, (client) => deleteByHeader(client, DRAFT_ID_HEADER, draftId));
    },
  };
}
