import { Type, type Static } from '@sinclair/typebox';

export const MAILBOX_ROLES = ['inbox', 'drafts', 'sent', 'trash', 'junk', 'archive'] as const;
export const MailboxRole = Type.Union(MAILBOX_ROLES.map((r) => Type.Literal(r)));
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
});
export type Mailbox = Static<typeof Mailbox>;

/** GET /api/mailboxes: every folder, parents before children, role folders first. */
export const MailboxList = Type.Object({ mailboxes: Type.Array(Mailbox) });
export type MailboxList = Static<typeof MailboxList>;

export const MailboxParams = Type.Object({ path: Type.String({ minLength: 1 }) });
export type MailboxParams = Static<typeof MailboxParams>;

/** GET /api/mailboxes/:path/changes?since=<syncToken>: what changed since a list or an earlier changes answer. */
export const ChangesQuery = Type.Object({ since: Type.Optional(Type.String({ maxLength: 2000 })) });
export type ChangesQuery = Static<typeof ChangesQuery>;
