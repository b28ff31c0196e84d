import { Type, type Static } from '@sinclair/typebox';
import { ListViewQuery } from './list-view.schemas.ts';
import type { ErrorBody } from './error-codes.ts';

export const Address = Type.Object({ name: Type.String(), address: Type.String() });
export type Address = Static<typeof Address>;

export const MessageFlags = Type.Object({
  seen: Type.Boolean(),
  flagged: Type.Boolean(),
  answered: Type.Boolean(),
  draft: Type.Boolean(),
});
export type MessageFlags = Static<typeof MessageFlags>;

/** One row of the message list. Dates are ISO strings; `preview` is ~100 characters of text. */
export const MessageSummary = Type.Object({
  uid: Type.Integer(),
  from: Type.Union([Address, Type.Null()]),
  /**
   * false when the From holds no real address (display name only, `"bank@x.com" <x>`, markup, spaces, no domain):
   * `from.name` is then the whole header as text and `from.address` is empty. Show it as plain text, never as a
   * clickable or trusted sender.
   */
  fromIsAddress: Type.Boolean(),
  to: Type.Array(Address),
  subject: Type.String(),
  date: Type.String(),
  size: Type.Integer(),
  flags: MessageFlags,
  hasAttachments: Type.Boolean(),
  preview: Type.String(),
});
export type MessageSummary = Static<typeof MessageSummary>;

export const PAGE_SIZE = 50;

/**
 * GET /api/accounts/:accountId/search?q=…&cursor=…: the view's search and quick filters in every folder, newest (the
 * Date header) first, folder by folder, merged by date (decision 032). `cursor` is the previous page's `nextCursor`.
 * Trash and Junk are left out unless `anywhere` (like Gmail's "in:anywhere", decision 045).
 */
export const AllFoldersQuery = Type.Composite([
  Type.Omit(ListViewQuery, ['sort', 'order']),
  Type.Object({
    anywhere: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 16_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  }),
]);
export type AllFoldersQuery = Static<typeof AllFoldersQuery>;

/** A row of an all-folders search: the message's row and the folder it is in. */
export const FoundMessage = Type.Composite([MessageSummary, Type.Object({ path: Type.String() })]);
export type FoundMessage = Static<typeof FoundMessage>;

export const AllFoldersPage = Type.Object({
  messages: Type.Array(FoundMessage),
  /** opaque: where each folder's results continue; null at the end */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** folders searched for this page */
  folders: Type.Integer(),
});
export type AllFoldersPage = Static<typeof AllFoldersPage>;

/**
 * The same search with `Accept: application/x-ndjson` (decision 038): one JSON line per folder as it is searched
 * (`{"progress":{"folder":3,"folders":12}}`), then `{"page":AllFoldersPage}`, or `{"error":…,"status":n}` when it failed
 * after the first line. A search that fails before any folder answers with its HTTP error as usual. The media type is
 * SEARCH_PROGRESS_TYPE (api-routes.ts: a module without schemas, so the web can import it without TypeBox).
 */
export interface AllFoldersProgress {
  /** the folder being searched now, counted from 1 */
  folder: number;
  /** folders this page searches */
  folders: number;
}
export type AllFoldersLine =
  { progress: AllFoldersProgress } | { page: AllFoldersPage } | { error: ErrorBody['error']; status: number };

/**
 * A folder's list asked for with `Accept: application/x-ndjson` (decision 048 part 3): when Pigeon sorts it itself (no
 * server SORT) and must first read more than one batch of the sort field, one line per batch
 * (`{"progress":{"done":5000,"total":50000}}`), then `{"page":MessagePage}`, or `{"error":…,"status":n}` when it failed
 * after the first line; otherwise the plain MessagePage, as without the header.
 */
export interface ListProgress {
  /** messages whose sort value has been read */
  done: number;
  /** messages whose sort value this sort reads */
  total: number;
}
export type ListLine =
  { progress: ListProgress } | { page: MessagePage } | { error: ErrorBody['error']; status: number };

/**
 * GET /api/accounts/:accountId/mailboxes/:path/messages?before=<uid>&sort=…&q=…: one page of the list the view fields define (newest
 * first when none is set), anchored on UIDs so paging is stable: `before` is the last UID of the previous page, and
 * the page holds what follows it in the list's order.
 */
export const MessageListQuery = Type.Composite([
  Type.Object({
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  }),
  ListViewQuery,
]);
export type MessageListQuery = Static<typeof MessageListQuery>;

export const MessagePage = Type.Object({
  messages: Type.Array(MessageSummary),
  /** messages in the list: the folder's count, or the matches of a search or filter */
  total: Type.Integer(),
  unread: Type.Integer(),
  uidValidity: Type.String(),
  /** pass as `before` for the next (older) page; null at the oldest message */
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
  /** the mailbox state this page shows: pass as `since` to GET /api/accounts/:accountId/mailboxes/:path/changes */
  syncToken: Type.Optional(Type.String()),
});
export type MessagePage = Static<typeof MessagePage>;

/** A message by folder and UID, in the account the route names (a body that names one: POST …/drafts/open). */
export const MessageRef = Type.Object({
  path: Type.String({ minLength: 1 }),
  uid: Type.Integer({ minimum: 1 }),
});
export type MessageRef = Static<typeof MessageRef>;

/** A message route's parameters: the account, the folder and the UID. */
export const MessageParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  path: Type.String({ minLength: 1 }),
  uid: Type.Integer({ minimum: 1 }),
});
export type MessageParams = Static<typeof MessageParams>;

/** The headers of an attached message (a message/rfc822 part), as plain text. */
export const AttachedMessage = Type.Object({
  from: Type.String(),
  subject: Type.String(),
  /** ISO date, or null when it has none */
  date: Type.Union([Type.String(), Type.Null()]),
});
export type AttachedMessage = Static<typeof AttachedMessage>;

export const Attachment = Type.Object({
  /** stable within the message: use in the download URL */
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  inline: Type.Boolean(),
  /** set for an attached message (message/rfc822): download it as .eml */
  message: Type.Optional(AttachedMessage),
});
export type Attachment = Static<typeof Attachment>;

/**
 * GET /api/accounts/:accountId/mailboxes/:path/messages/:uid (marks the message read).
 * The HTML body is not in here: the reader frames GET .../body (sanitized, strict CSP, `?remote=1` to allow remote content).
 */
export const MessageDetail = Type.Composite([
  MessageSummary,
  Type.Object({
    cc: Type.Array(Address),
    bcc: Type.Array(Address),
    replyTo: Type.Array(Address),
    messageId: Type.Union([Type.String(), Type.Null()]),
    inReplyTo: Type.Union([Type.String(), Type.Null()]),
    references: Type.Array(Type.String()),
    /** plain text body (from text/plain, or derived from HTML when there is none) */
    text: Type.String(),
    hasHtml: Type.Boolean(),
    hasRemoteContent: Type.Boolean(),
    attachments: Type.Array(Attachment),
    /**
     * why the reader shows less than the whole message: `tooLarge` (the text is larger than the server shows:
     * download it), `tooComplex` (it could not be read in time: plain text only), null = all of it
     */
    bodyNotice: Type.Union([Type.Literal('tooLarge'), Type.Literal('tooComplex'), Type.Null()]),
  }),
]);
export type MessageDetail = Static<typeof MessageDetail>;

export const BodyQuery = Type.Object({ remote: Type.Optional(Type.Boolean()) });
export type BodyQuery = Static<typeof BodyQuery>;

/** Languages of the print view's own words (headers' labels, the hint); the message itself is never translated. */
export const PrintLang = Type.Union([Type.Literal('en'), Type.Literal('ko')]);
export type PrintLang = Static<typeof PrintLang>;

/**
 * GET .../messages/:uid/print: `lang` for the labels, `tz` (an IANA zone such as Asia/Seoul) for the date; an unknown
 * zone falls back to UTC rather than failing the page.
 */
export const PrintQuery = Type.Object({
  lang: Type.Optional(PrintLang),
  remote: Type.Optional(Type.Boolean()),
  tz: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' })),
});
export type PrintQuery = Static<typeof PrintQuery>;

export const AttachmentParams = Type.Composite([MessageParams, Type.Object({ id: Type.String({ minLength: 1 }) })]);
export type AttachmentParams = Static<typeof AttachmentParams>;

export const MESSAGE_ACTIONS = [
  'markRead',
  'markUnread',
  'star',
  'unstar',
  'delete',
  'archive',
  'move',
  'junk',
  'notJunk',
  'deleteForever',
] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/**
 * POST /api/accounts/:accountId/mailboxes/:path/messages/actions. `move` needs `target`.
 * `delete` moves to Trash, except inside Trash or Junk, where it expunges (the UI confirms first).
 * `junk` sets `$Junk` (clears `$NotJunk`) and moves to Junk; `notJunk` the reverse, back to INBOX (both keywords
 * teach the server's spam filter). `deleteForever` expunges in any folder (free up space; the UI confirms first).
 */
export const MessageActionBody = Type.Object({
  action: Type.Union(MESSAGE_ACTIONS.map((a) => Type.Literal(a))),
  uids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5000 }),
  target: Type.Optional(Type.String({ minLength: 1 })),
});
export type MessageActionBody = Static<typeof MessageActionBody>;

export const MessageActionResult = Type.Object({
  action: Type.String(),
  uids: Type.Array(Type.Integer()),
  /** where the messages went, for move / archive / delete-to-Trash; null when flagged or expunged */
  destination: Type.Union([Type.String(), Type.Null()]),
  expunged: Type.Boolean(),
});
export type MessageActionResult = Static<typeof MessageActionResult>;

/**
 * Answer of GET /api/accounts/:accountId/mailboxes/:path/changes (CONDSTORE/QRESYNC vocabulary). `reset`: the token is unknown, too
 * old or the UIDVALIDITY changed: reload the list instead. Pass `syncToken` as `since` next time.
 */
export const MailboxChanges = Type.Object({
  reset: Type.Boolean(),
  added: Type.Array(MessageSummary),
  changed: Type.Array(Type.Object({ uid: Type.Integer(), flags: MessageFlags })),
  removed: Type.Array(Type.Integer()),
  total: Type.Integer(),
  unread: Type.Integer(),
  syncToken: Type.String(),
});
export type MailboxChanges = Static<typeof MailboxChanges>;
