import { Readable } from 'node:stream';
import type { Mailbox, MailboxRole, MessageActionResult, ServerToClientEvents } from '@pigeon/shared';
import { AppError } from '../core/app-error.ts';
import { mailboxNotFound } from '../imap/imap-errors.ts';
import { attachmentTooLarge, messageNotFound } from './message.errors.ts';
import {
  attachedMessageDocument,
  bodyDocument,
  bodyFragment,
  pickAttachedMessage,
  parseForEditing,
  pickAttachment,
  toDetail,
} from './reading/message-read.ts';
import type { MessageReader } from './reading/message-reader.ts';
import { decodeSyncToken, encodeSyncToken } from './sync-token.ts';
import { headerContains, planLocalAction } from './local/local-actions.ts';
import {
  DEFAULT_FOLDERS,
  LocalFolderMissing,
  type LocalFolderInfo,
  type LocalStore,
} from './local/local-store.repository.ts';
import { summarize } from './local/local-summary.ts';
import { localLists } from './local/local-lists.ts';
import type { LocalViews } from './local/local-views.repository.ts';
import type { LocalFolders } from './local/local-folders.repository.ts';
import { localFolderOps } from './local/local-folder-ops.ts';
import { localCapacity } from './local/local-capacity.ts';
import { headerBlock } from './pop3/pop3-fetcher.ts';
import { DRAFT_ID_HEADER, type MailStore, type MailStoreCapabilities, type MessageSource } from './mail-store.ts';

const POP3_CAPABILITIES: MailStoreCapabilities = {
  protocol: 'pop3',
  push: false,
  serverFolders: false,
  serverFlags: false,
  appendsSent: true,
  listViews: false,
};

/** An event of this account to every device of its user (the account ref is bound by the caller). */
export type StoreEmit = <E extends keyof ServerToClientEvents>(
  event: E,
  payload: Omit<Parameters<ServerToClientEvents[E]>[0], 'accountId'>,
) => void;

export interface Pop3MailStoreDeps {
  local: LocalStore;
  /** the list views', conversations' and all-folders search's queries */
  views: LocalViews;
  /** folder management and sizes of the local store */
  folders: LocalFolders;
  reader: MessageReader;
  accountId: string;
  /** changes made through the store reach the other devices this way (there is no IDLE to tell them) */
  emit?: StoreEmit;
  now?: () => Date;
}

export const noSubscriptions = () =>
  new AppError(
    409,
    'pop3.no_subscriptions',
    'The folders of a POP3 account are kept by Pigeon and always shown: they have no subscriptions.',
  );

export const notDownloaded = () =>
  new AppError(
    409,
    'pop3.not_downloaded',
    'This message is still being downloaded from the mail server. Try again in a moment.',
  );

const DEFAULT_LIMIT = 50;
const ROLE_ORDER = new Map(DEFAULT_FOLDERS.map(([, role], i) => [role, i]));

/** Local folders as the shared Mailbox list: role folders first (inbox, sent, …), then the user's own by path. */
export function toMailboxes(folders: LocalFolderInfo[]): Mailbox[] {
  const rank = (f: LocalFolderInfo) => (f.role ? (ROLE_ORDER.get(f.role) ?? 99) : 100);
  return [...folders]
    .sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => {
      const cut = f.path.lastIndexOf('/');
      return {
        path: f.path,
        name: cut < 0 ? f.path : f.path.slice(cut + 1),
        parent: cut < 0 ? null : f.path.slice(0, cut),
        delimiter: '/',
        role: f.role,
        total: f.total,
        unread: f.unread,
        selectable: true,
        subscribed: true,
      };
    });
}

const tokenOf = (f: LocalFolderInfo) =>
  encodeSyncToken({
    uidValidity: String(f.uidValidity),
    uidNext: f.uidNext,
    highestModseq: String(f.highestModSeq),
    snapshot: null,
  });

/**
 * The MailStore of a POP3 account (decisions 019, 026): Pigeon's own folders, flags and messages in PostgreSQL.
 * Reading goes through the same worker pipeline and cache as IMAP; changes made here are told to the other devices
 * as the IMAP watcher would. Invariant: every query names this account.
 */
export function createPop3MailStore(deps: Pop3MailStoreDeps): MailStore {
  const { local, reader, accountId, views } = deps;
  const now = deps.now ?? (() => new Date());
  const emit: StoreEmit = deps.emit ?? (() => {});

  /** local errors as the features' AppErrors */
  const guard = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof LocalFolderMissing) throw mailboxNotFound(err.path === path ? path : err.path);
      throw err;
    }
  };
  const folderInfo = async (path: string) => {
    await local.ensureFolders(accountId);
    const f = (await local.folders(accountId)).find((x) => x.path === path);
    if (!f) throw mailboxNotFound(path);
    return f;
  };
  const roles = async () => {
    const out: Partial<Record<MailboxRole, string>> = {};
    for (const f of await local.folders(accountId)) if (f.role) out[f.role] ??= f.path;
    return out;
  };
  const counts = async (paths: string[]) => {
    const all = await local.folders(accountId);
    for (const f of all.filter((x) => paths.includes(x.path)))
      emit('mailbox.countsChanged', { path: f.path, total: f.total, unread: f.unread });
  };
  const stored = async (path: string, uid: number) => {
    const m = await guard(path, () => local.message(accountId, path, uid));
    if (!m) throw messageNotFound(uid);
    return m;
  };
  const reading = async (path: string, uid: number, remote: boolean) => {
    const m = await stored(path, uid);
    const key = { accountId, path, uidValidity: m.uidValidity, uid, remote };
    const r = await reader.openWhole(key, async () => {
      const source = await local.readRaw(accountId, path, uid);
      if (!source) throw notDownloaded();
      return { source, summary: m.summary };
    });
    return { reading: r, flags: m.flags };
  };

  const removeUids = async (path: string, uids: number[]) => {
    const removed = await guard(path, () => local.remove(accountId, path, uids));
    if (removed.length) emit('message.removed', { path, uids: removed });
    await counts([path]);
    return removed;
  };

  type Extra = ReturnType<typeof localLists> & ReturnType<typeof localCapacity>;
  type FolderOps = 'createFolder' | 'updateFolder' | 'deleteFolder' | 'emptyFolder' | 'markFolderRead';
  const store: Omit<MailStore, keyof Extra | FolderOps> = {
    accountId,
    capabilities: POP3_CAPABILITIES,
    async folders() {
      await local.ensureFolders(accountId);
      return { mailboxes: toMailboxes(await local.folders(accountId)) };
    },
    async page(path, { before, limit = DEFAULT_LIMIT }) {
      const f = await folderInfo(path);
      const rows = await guard(path, () => local.page(accountId, path, { before, limit: limit + 1 }));
      const messages = rows.slice(0, limit);
      return {
        messages,
        total: f.total,
        unread: f.unread,
        uidValidity: String(f.uidValidity),
        nextBefore: rows.length > limit ? messages[messages.length - 1]!.uid : null,
        ...(before === undefined ? { syncToken: tokenOf(f) } : {}),
      };
    },
    async changesSince(path, since) {
      const f = await folderInfo(path);
      const state = decodeSyncToken(since);
      const fresh = { added: [], changed: [], removed: [], total: f.total, unread: f.unread, syncToken: tokenOf(f) };
      if (!state || state.uidValidity !== String(f.uidValidity) || state.highestModseq === null)
        return { reset: true, ...fresh };
      const c = await guard(path, () =>
        local.changesSince(accountId, path, BigInt(state.highestModseq!), state.uidNext),
      );
      return { ...fresh, reset: false, added: c.added, changed: c.changed, removed: c.removed };
    },
    async read(path, uid, use) {
      const m = await stored(path, uid);
      const raw = await local.readRaw(accountId, path, uid);
      if (!raw) throw notDownloaded();
      return use({ source: Readable.from([raw]), subject: m.summary.subject });
    },
    async sources(path, uids, use) {
      const found: MessageSource[] = [];
      for (const uid of [...new Set(uids)].sort((a, b) => a - b)) {
        const m = await guard(path, () => local.message(accountId, path, uid));
        if (!m) continue;
        const date = new Date(m.summary.date);
        found.push({
          uid,
          subject: m.summary.subject,
          size: m.summary.size,
          date: Number.isNaN(date.getTime()) ? null : date,
          async open() {
            const raw = await local.readRaw(accountId, path, uid);
            if (!raw) throw notDownloaded();
            return Readable.from([raw]);
          },
        });
      }
      return use(found);
    },
    async detail(path, uid) {
      const { reading: r, flags } = await reading(path, uid, false);
      return toDetail(r, new Set(flags));
    },
    async body(path, uid, remote) {
      return bodyDocument((await reading(path, uid, remote)).reading);
    },
    async printable(path, uid, remote) {
      const { reading: r, flags } = await reading(path, uid, remote);
      return { detail: toDetail(r, new Set(flags)), bodyHtml: bodyFragment(r) };
    },
    async attachment(path, uid, id, maxBytes, use) {
      const { file } = pickAttachment((await reading(path, uid, false)).reading, id, maxBytes);
      if (!file) throw messageNotFound(uid); // a whole-source reading holds every attachment's bytes
      return use(file);
    },
    async attachedMessage(path, uid, id) {
      const { reading: r } = await reading(path, uid, false);
      const attachment = pickAttachedMessage(r, id, reader.config.displayMaxBytes);
      // a whole-source reading holds every attachment's bytes
      if (attachment.part !== null || !attachment.content) throw messageNotFound(uid);
      return attachedMessageDocument(reader, attachment.content);
    },
    async act(path, body) {
      await folderInfo(path);
      const plan = planLocalAction(path, body, await roles());
      const result: MessageActionResult = {
        action: body.action,
        uids: body.uids,
        destination: plan.destination,
        expunged: plan.kind === 'remove',
      };
      if (plan.kind !== 'remove' && (plan.add.length || plan.remove.length)) {
        // flags first: a move keeps them (a junk verdict travels with the message, as on IMAP)
        await guard(path, () => local.setFlags(accountId, path, body.uids, plan.add, plan.remove));
        const changes = await local.changedFlags(accountId, path, body.uids);
        if (changes.length) emit('message.flagsChanged', { path, changes });
      }
      if (plan.kind === 'flags') {
        await counts([path]);
      } else if (plan.kind === 'move') {
        await folderInfo(plan.to);
        const { moved, added } = await guard(path, () => local.move(accountId, path, body.uids, plan.to));
        if (moved.length) emit('message.removed', { path, uids: moved });
        if (added.length) emit('message.added', { path: plan.to, uids: added });
        await counts([path, plan.to]);
      } else if (plan.kind === 'remove') {
        const removed = await guard(path, () => local.remove(accountId, path, body.uids));
        if (removed.length) emit('message.removed', { path, uids: removed });
        await counts([path]);
      }
      return result;
    },
    async searchHeader(path, name, value) {
      await folderInfo(path);
      const candidates = await local.headerCandidates(accountId, path, value);
      return candidates.filter((c) => headerContains(c.headers, name, value)).map((c) => c.uid);
    },
    async subscribeFolder(path) {
      await folderInfo(path);
      throw noSubscriptions();
    },
    quota: async () => ({ quota: null }),
    async append({ folder, raw, flags }) {
      await local.ensureFolders(accountId);
      const path = 'role' in folder ? await local.pathOf(accountId, folder.role) : folder.path;
      await folderInfo(path);
      const { dateValue, searchText, ...summary } = await summarize(raw, raw.length, now());
      const uid = await guard(path, () =>
        local.append(accountId, path, {
          raw,
          headers: headerBlock(raw),
          summary,
          date: dateValue,
          flags,
          text: searchText,
        }),
      );
      emit('message.added', { path, uids: [uid] });
      await counts([path]);
      return { path, uid };
    },
    async roleFolder(role) {
      await local.ensureFolders(accountId);
      return (await roles())[role] ?? null;
    },
    async addFlags(path, uids, flags) {
      await guard(path, () => local.setFlags(accountId, path, uids, flags, []));
      const changes = await local.changedFlags(accountId, path, uids);
      if (changes.length) emit('message.flagsChanged', { path, changes });
    },
    // Pigeon's own store takes any size the upload and send limits let through
    appendLimit: async () => 0,
    size: async (path, uid) => (await stored(path, uid)).summary.size,
    reading: async (path, uid) => (await reading(path, uid, false)).reading,
    async editable(path, uid, maxBytes) {
      if ((await stored(path, uid)).summary.size > maxBytes) throw attachmentTooLarge(maxBytes);
      const source = await local.readRaw(accountId, path, uid);
      if (!source) throw notDownloaded();
      return parseForEditing(reader, source);
    },
    async saveDraft(draftId, raw) {
      // the new copy first, then the older ones: a crash in between leaves two copies, never none
      const { path, uid } = await store.append({ folder: { role: 'drafts' }, raw, flags: ['\\Draft', '\\Seen'] });
      const older = (await store.searchHeader(path, DRAFT_ID_HEADER, draftId)).filter((u) => u !== uid);
      if (older.length) await removeUids(path, older);
      return { path, uid };
    },
    async deleteDraft(draftId) {
      const path = await store.roleFolder('drafts');
      if (!path) return 0;
      const copies = await store.searchHeader(path, DRAFT_ID_HEADER, draftId);
      return copies.length ? (await removeUids(path, copies)).length : 0;
    },
  };
  const sentPath = async () => (await roles()).sent;
  const ops = localFolderOps({ local, folders: deps.folders, accountId, act: (path, body) => store.act(path, body) });
  return {
    ...store,
    ...localLists({ views, accountId, folderInfo, tokenOf, store, sentPath }),
    ...localCapacity({ folders: deps.folders, accountId, folderInfo }),
    createFolder: ops.create,
    updateFolder: ops.update,
    deleteFolder: ops.remove,
    emptyFolder: ops.empty,
    markFolderRead: ops.markRead,
  };
}
