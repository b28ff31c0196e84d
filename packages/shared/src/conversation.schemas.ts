import { Type, type Static } from '@sinclair/typebox';
import { MESSAGE_ACTIONS, MessageSummary } from './message.schemas.ts';

/**
 * One conversation of a folder (RFC 5256 REFERENCES threads): `id` is its oldest UID in the folder, which stays the
 * same while replies arrive. `latest` is the newest message's row (its date, subject and preview are the row's).
 */
export const ConversationSummary = Type.Object({
  id: Type.Integer(),
  /** messages of the conversation in this folder */
  count: Type.Integer(),
  unread: Type.Integer(),
  flagged: Type.Boolean(),
  /** senders' display names (else addresses), oldest first, each once, at most 4 */
  participants: Type.Array(Type.String()),
  latest: MessageSummary,
});
export type ConversationSummary = Static<typeof ConversationSummary>;

/**
 * GET /api/accounts/:accountId/mailboxes/:path/conversations?before=<uid>: conversations, the one with the newest message first, anchored
 * on UIDs: `before` is `nextBefore` of the previous page (the newest UID of its last conversation), and the page holds
 * the conversations whose newest message is older.
 */
export const ConversationListQuery = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export type ConversationListQuery = Static<typeof ConversationListQuery>;

export const ConversationPage = Type.Object({
  conversations: Type.Array(ConversationSummary),
  /** conversations in the folder */
  total: Type.Integer(),
  /** unread messages in the folder */
  unread: Type.Integer(),
  uidValidity: Type.String(),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type ConversationPage = Static<typeof ConversationPage>;

export const ConversationParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  path: Type.String({ minLength: 1 }),
  id: Type.Integer({ minimum: 1 }),
});
export type ConversationParams = Static<typeof ConversationParams>;

/** A message of an open conversation, with the folder it is in (the user's own replies are in Sent). */
export const ConversationMessage = Type.Composite([MessageSummary, Type.Object({ path: Type.String() })]);
export type ConversationMessage = Static<typeof ConversationMessage>;

/** GET /api/accounts/:accountId/mailboxes/:path/conversations/:id: every message, oldest first, the user's replies from Sent included. */
export const ConversationDetail = Type.Object({
  id: Type.Integer(),
  path: Type.String(),
  /** UIDs of the conversation in `path` (what an action on the whole conversation applies to) */
  uids: Type.Array(Type.Integer()),
  messages: Type.Array(ConversationMessage),
});
export type ConversationDetail = Static<typeof ConversationDetail>;

/** POST /api/accounts/:accountId/mailboxes/:path/conversations/:id/actions: the action on every message of the conversation in `path`. */
export const ConversationActionBody = Type.Object({
  action: Type.Union(/* @__PURE__ */ MESSAGE_ACTIONS.map((a) => Type.Literal(a))),
  target: Type.Optional(Type.String({ minLength: 1 })),
});
export type ConversationActionBody = Static<typeof ConversationActionBody>;
