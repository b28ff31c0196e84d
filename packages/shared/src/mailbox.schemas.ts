import { Type, type Static } from '@sinclair/typebox';

export const MAILBOX_ROLES = ['inbox', 'drafts', 'sent', 'trash', 'junk', 'archive'] as const;
// written out (not MAILBOX_ROLES.map): TypeBox infers a mapped union as null in route replies
export const MailboxRole = Type.Union([
  Type.Literal('inbox'),
  Type.Literal('drafts'),
  Type.Literal('sent'),
  Type.Literal('trash'),
  Type.Literal('junk'),
  Type.Literal('archive'),
]);
export type MailboxRole = (typeof MAILBOX_ROLES)[number];

/** One folder. `path` is the IMAP path (decoded, UTF-8) and the id used in URLs (encodeURIComponent). */
export const Mailbox = Type.Object({
  path: Type.String(),
  name: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  delimiter: Type.String(),
  role: Type.Union([MailboxRole, Type.Null()]),
  total: Type.Integer(),
  unread: Type.Integer(),
  selectable: Type.Boolean(),
  /** the user subscribed to it (the folder pane shows subscribed folders; the manage page shows all) */
  subscribed: Type.Boolean(),
});
export type Mailbox = Static<typeof Mailbox>;

/** GET /api/accounts/:accountId/mailboxes: every folder, parents before children, role folders first. */
export const MailboxList = Type.Object({ mailboxes: Type.Array(Mailbox) });
export type MailboxList = Static<typeof MailboxList>;

export const MailboxParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  path: Type.String({ minLength: 1 }),
});
export type MailboxParams = Static<typeof MailboxParams>;

/** GET /api/accounts/:accountId/mailboxes/:path/changes?since=<syncToken>: what changed since a list or an earlier changes answer. */
export const ChangesQuery = Type.Object({ since: Type.Optional(Type.String({ maxLength: 2000 })) });
export type ChangesQuery = Static<typeof ChangesQuery>;
