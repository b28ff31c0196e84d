import type { Readable } from 'node:stream';
import type {
  AllFoldersPage,
  AllFoldersProgress,
  ListProgress,
  ConversationActionBody,
  ConversationDetail,
  ConversationPage,
  FolderBulkResult,
  FolderSizes,
  LargestMessages,
  MailboxChanges,
  MailboxList,
  MessageActionBody,
  MessageActionResult,
  MessageDetail,
  MessagePage,
  QuotaAnswer,
} from '@pigeon/shared';
import { AppError } from '../core/app-error.ts';
import type { MailProtocol } from '../core/auth.types.ts';
import type { AttachmentFile, Printable } from './reading/message-read.ts';
import type { ListView } from './list/list-view.ts';
import type { Reading } from './reading/reading-cache.ts';
import type { EditableMessage } from './reading/render-reading.ts';

/**
 * What a mail store can do, so features and the web adapt instead of branching on the protocol (decision 018).
 * IMAP: everything on the server. POP3: Pigeon's own store (local folders, flags and search), no push.
 */
export interface MailStoreCapabilities {
  protocol: MailProtocol;
  /** the mail server tells Pigeon about changes (IDLE/NOTIFY); false: a periodic check finds them */
  push: boolean;
  /** folders live on the mail server (other clients see them); false: Pigeon's own folders */
  serverFolders: boolean;
  /** read/starred flags live on the mail server */
  serverFlags: boolean;
  /** the list's sorts, quick filters and search run on the mail server (false: over Pigeon's own store) */
  listViews: boolean;
  /** a sent message is kept by appending it to the account's Sent folder (false: the store files it itself) */
  appendsSent: boolean;
}

/** A special folder a message can be appended to or a feature needs by role. */
export type FolderRole = 'sent' | 'drafts';

/** Names a draft across autosaves: every copy in Drafts carries it, so saving replaces and never piles up. */
export const DRAFT_ID_HEADER = 'X-Pigeon-Draft-Id';

/** What a store answers for something its kind of account cannot do (yet): a stable 409, never a 500. */
export const mailNotSupported = (what: string): AppError =>
  new AppError(409, 'mail.not_supported', `This account cannot ${what}.`);

/** A message to file: the complete RFC 5322 source and the flags it starts with (e.g. `\\Seen`, `\\Draft`). */
export interface AppendInput {
  /** a folder path, or a role resolved to the account's folder of that role (created when missing) */
  folder: { path: string } | { role: FolderRole };
  raw: Buffer;
  flags: string[];
}

/** A message of a selection, named and sized from what is stored; its bytes are read only when `open` is called. */
export interface MessageSource {
  uid: number;
  subject: string;
  size: number;
  /** when the store received it (null when unknown) */
  date: Date | null;
  /** the source exactly as stored (message.not_found when it went away meanwhile) */
  open(): Promise<Readable>;
}

/**
 * One mail account's messages, whatever the protocol (decision 018): the interface feature services use instead of a
 * raw ImapFlow. `imap-mail-store.ts` implements it over the account's command connection; a POP3 account implements it
 * over Pigeon's own store. Folder paths are the store's own names (IMAP paths); messages are named by UID within a
 * folder. Every method throws the features' AppErrors (`mailbox.not_found`, `message.not_found`, `mail.*`).
 * Invariant: a store only ever touches its own account.
 */
export interface MailStore {
  readonly accountId: string;
  readonly capabilities: MailStoreCapabilities;
  /** every folder with its role and counts */
  folders(): Promise<MailboxList>;
  /** one page of a folder, newest first; `before` is the oldest UID of the previous page; carries a sync token */
  page(path: string, opts: { before?: number; limit?: number }): Promise<MessagePage>;
  /**
   * one page of a folder as a list view defines it (search, quick filters, sort), anchored on UIDs: `before` is the
   * last UID of the previous page (list.anchor_gone when it left the view); the first page carries a sync token
   */
  view(
    path: string,
    view: ListView,
    opts: {
      before?: number | undefined;
      limit: number;
      signal?: AbortSignal | undefined;
      /** told after each batch of a sort that reads the folder's sort values itself (no server SORT; decision 048) */
      onProgress?: ((progress: ListProgress) => void) | undefined;
    },
  ): Promise<MessagePage>;
  /** one page of the folder's conversations (RFC 5256 REFERENCES threading), newest first */
  conversations(path: string, opts: { before?: number | undefined; limit: number }): Promise<ConversationPage>;
  /** conversation `id` (its oldest UID) of the folder with the user's replies from Sent; conversation.not_found */
  conversation(path: string, id: number): Promise<ConversationDetail>;
  /** a list action on every message of conversation `id` in the folder */
  actOnConversation(path: string, id: number, body: ConversationActionBody): Promise<MessageActionResult>;
  /** one page of a view's matches in every folder, newest Date first (search scope "all folders", decision 032) */
  searchAll(
    view: ListView,
    opts: {
      cursor?: string | undefined;
      limit: number;
      signal?: AbortSignal | undefined;
      /** told before each folder is searched ("folder n of m") */
      onProgress?: ((progress: AllFoldersProgress) => void) | undefined;
      /** Trash and Junk searched too (otherwise left out, decision 045) */
      anywhere?: boolean | undefined;
    },
  ): Promise<AllFoldersPage>;
  /** what was added, changed and removed since a sync token (undefined: only a fresh token, `reset`) */
  changesSince(path: string, since: string | undefined): Promise<MailboxChanges>;
  /** the message source exactly as stored, streamed to `use` (which must finish with it), and its subject */
  read<T>(path: string, uid: number, use: (m: { source: Readable; subject: string }) => Promise<T>): Promise<T>;
  /**
   * the messages of `uids` in `path` that exist, by UID, handed to `use`, which must finish reading them: the folder is
   * held until `use` settles (an .eml export of a selection)
   */
  sources<T>(path: string, uids: number[], use: (messages: MessageSource[]) => Promise<T>): Promise<T>;
  /** the reader's view of a message, through the reading pipeline (worker parse, byte-bounded cache); flags fresh */
  detail(path: string, uid: number): Promise<MessageDetail>;
  /** the sanitized document of the reader frame (remote content only when `remote`) */
  body(path: string, uid: number, remote: boolean): Promise<string>;
  /** the print view's parts: the reader's view and the sanitized body fragment (remote content only when `remote`) */
  printable(path: string, uid: number, remote: boolean): Promise<Printable>;
  /** one attachment of the reading, handed to `use` (a stream may need the folder held until `use` ends) */
  attachment<T>(
    path: string,
    uid: number,
    id: string,
    maxBytes: number,
    use: (file: AttachmentFile) => Promise<T>,
  ): Promise<T>;
  /**
   * an attached message (message/rfc822 attachment `id`) as its own sanitized frame document, remote content blocked;
   * message.attachment_not_found for any other part, message.attached_too_large past the display bound
   */
  attachedMessage(path: string, uid: number, id: string): Promise<string>;
  /** a list action (read, unread, star, unstar, move, delete, archive, junk) on UIDs of one folder */
  act(path: string, action: MessageActionBody): Promise<MessageActionResult>;
  /** UIDs in `path` whose header `name` contains `value` (e.g. Message-ID, a draft's id) */
  searchHeader(path: string, name: string, value: string): Promise<number[]>;
  /** creates folder `name` under `parent` (null: top level); its path (folder.exists, folder.invalid_name, …) */
  createFolder(parent: string | null, name: string): Promise<string>;
  /** renames and/or moves a folder with its subfolders; its new path (folder.protected for special folders) */
  updateFolder(
    path: string,
    change: { name?: string | undefined; parent?: string | null | undefined },
  ): Promise<string>;
  /** deletes a folder, its subfolders and their messages (folder.protected for special folders) */
  deleteFolder(path: string): Promise<void>;
  /** subscribes or unsubscribes a folder (server folders only: pop3.no_subscriptions on Pigeon's own) */
  subscribeFolder(path: string, subscribed: boolean): Promise<void>;
  /** deletes every message of Trash or Junk (folder.not_emptiable for others) */
  emptyFolder(path: string): Promise<FolderBulkResult>;
  /** marks every message of a folder read */
  markFolderRead(path: string): Promise<FolderBulkResult>;
  /** the account's quota (null when the store has none) */
  quota(): Promise<QuotaAnswer>;
  /** every folder's message count and bytes, largest first */
  folderSizes(): Promise<FolderSizes>;
  /** the largest messages of one folder or of all, by whole size or by attachments' bytes */
  largestMessages(q: {
    path?: string | undefined;
    by?: 'size' | 'attachments' | undefined;
    limit: number;
  }): Promise<LargestMessages>;
  /** files a message; returns where it went (uid null when the server does not say) */
  append(input: AppendInput): Promise<{ path: string; uid: number | null }>;
  /** the largest message the store accepts (IMAP APPENDLIMIT, RFC 7889), 0 when it names none */
  appendLimit(): Promise<number>;
  /** the path of the account's folder with `role`, or null when it has none (nothing is created) */
  roleFolder(role: FolderRole): Promise<string | null>;
  /** adds flags (e.g. `\\Answered`, `$Forwarded`) to UIDs of one folder */
  addFlags(path: string, uids: number[], flags: string[]): Promise<void>;
  /** a message's size in bytes; message.not_found when it is gone */
  size(path: string, uid: number): Promise<number>;
  /** the reading of a message (worker parse, shared cache; remote content blocked), e.g. to quote it in a reply */
  reading(path: string, uid: number): Promise<Reading>;
  /**
   * a message read whole (message.attachment_too_large past `maxBytes`) and parsed for the composer in a reading
   * worker: a draft to continue, or a file of one
   */
  editable(path: string, uid: number, maxBytes: number): Promise<EditableMessage>;
  /**
   * files a new copy of draft `draftId` in Drafts (created when missing), then removes its older copies (those whose
   * DRAFT_ID_HEADER is `draftId`): a crash in between leaves two copies, never none
   */
  saveDraft(draftId: string, raw: Buffer): Promise<{ path: string; uid: number | null }>;
  /** removes every copy of draft `draftId` from Drafts; how many there were */
  deleteDraft(draftId: string): Promise<number>;
}
