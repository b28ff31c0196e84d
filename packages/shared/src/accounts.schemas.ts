import { Type, type Static } from '@sinclair/typebox';
import { SignInServers } from './auth.schemas.ts';
import { MessageSummary } from './message.schemas.ts';

/** One mail account of the user (decision 018): the primary one is the address the user signs in with. */
export const AccountSummary = Type.Object({
  /** the id every `/api/accounts/:accountId/...` route and every realtime event of the account carries */
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  protocol: Type.Union([Type.Literal('imap'), Type.Literal('pop3')]),
  primary: Type.Boolean(),
  /**
   * an added account this session cannot open: the primary password changed since it was sealed (decision 034); the
   * person gives its password again (POST /api/accounts with its address), which reseals it under the new one
   */
  needsPassword: Type.Optional(Type.Boolean()),
});
export type AccountSummary = Static<typeof AccountSummary>;

/** GET /api/accounts: the user's accounts, the primary first. */
export const AccountList = Type.Object({ accounts: Type.Array(AccountSummary) });
export type AccountList = Static<typeof AccountList>;

/** The path parameter of every account-scoped route. */
export const AccountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) });
export type AccountParams = Static<typeof AccountParams>;

/** POST /api/accounts: another mail account for the signed-in user, verified by a real login before it is saved. */
export const AddAccountBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
  /** "Advanced settings", as at sign-in (IMAP or POP3 with `account-protocol`); absent: discovery */
  servers: Type.Optional(SignInServers),
});
export type AddAccountBody = Static<typeof AddAccountBody>;

/** One account's Inbox counts (the account switcher's badge). `null`: the account could not be reached now. */
export const AccountCount = Type.Object({
  accountId: Type.String(),
  unread: Type.Union([Type.Integer(), Type.Null()]),
});
export type AccountCount = Static<typeof AccountCount>;

/** GET /api/accounts/counts */
export const AccountCounts = Type.Object({ counts: Type.Array(AccountCount) });
export type AccountCounts = Static<typeof AccountCounts>;

/** A row of the unified inbox: an Inbox message and the account it belongs to (open and act on it there). */
export const UnifiedMessage = Type.Composite([MessageSummary, Type.Object({ accountId: Type.String() })]);
export type UnifiedMessage = Static<typeof UnifiedMessage>;

/** GET /api/unified/inbox?cursor=&limit= */
export const UnifiedQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 4000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type UnifiedQuery = Static<typeof UnifiedQuery>;

/**
 * A page of every account's Inbox, newest (Date header) first, each account's rows in its own order, merged by date.
 * `nextCursor` is null at the end; `unavailable` names accounts whose Inbox could not be read for this page.
 */
export const UnifiedPage = Type.Object({
  messages: Type.Array(UnifiedMessage),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unavailable: Type.Array(Type.String()),
});
export type UnifiedPage = Static<typeof UnifiedPage>;
