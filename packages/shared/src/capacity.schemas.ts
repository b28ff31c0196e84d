import { Type, type Static } from '@sinclair/typebox';
import { EXPORT_MAX_FOLDERS } from './api-routes.ts';
import { Address } from './message.schemas.ts';

/** `ok` below 90 %, `warning` from 90 %, `full` at 100 % (new mail is refused, Sent copies and drafts fail). */
export const QUOTA_LEVELS = ['ok', 'warning', 'full'] as const;
export type QuotaLevel = (typeof QUOTA_LEVELS)[number];

/** The mailbox's storage quota (IMAP GETQUOTAROOT of INBOX), in bytes. */
export const StorageQuota = Type.Object({
  usedBytes: Type.Integer({ minimum: 0 }),
  limitBytes: Type.Integer({ minimum: 1 }),
  // written out: a union built with .map is inferred as never by the route's type provider
  level: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('full')]),
});
export type StorageQuota = Static<typeof StorageQuota>;

/** GET /api/accounts/:accountId/quota: null when the server has no QUOTA extension or sets no storage limit (show no bar). */
export const QuotaAnswer = Type.Object({ quota: Type.Union([StorageQuota, Type.Null()]) });
export type QuotaAnswer = Static<typeof QuotaAnswer>;

/** A folder's size: STATUS SIZE where the server offers it, else the sum of its messages' RFC822.SIZE. */
export const FolderSize = Type.Object({
  path: Type.String(),
  messages: Type.Integer({ minimum: 0 }),
  bytes: Type.Integer({ minimum: 0 }),
});
export type FolderSize = Static<typeof FolderSize>;

/** GET /api/accounts/:accountId/capacity/folders: every selectable folder, largest first. */
export const FolderSizes = Type.Object({ folders: Type.Array(FolderSize) });
export type FolderSizes = Static<typeof FolderSizes>;

export const LARGEST_MAX = 200;

/** GET /api/accounts/:accountId/capacity/largest?path=&by=&limit=: the largest messages of one folder, or of every folder. */
export const LargestQuery = Type.Object({
  /** one folder; absent: every selectable folder */
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  /** `size`: whole message; `attachments`: the bytes of its attachments */
  by: Type.Optional(Type.Union([Type.Literal('size'), Type.Literal('attachments')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LARGEST_MAX })),
});
export type LargestQuery = Static<typeof LargestQuery>;

export const LargeMessage = Type.Object({
  path: Type.String(),
  uid: Type.Integer(),
  subject: Type.String(),
  from: Type.Union([Address, Type.Null()]),
  date: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  /** encoded bytes of its attachment parts (from BODYSTRUCTURE) */
  attachmentBytes: Type.Integer({ minimum: 0 }),
});
export type LargeMessage = Static<typeof LargeMessage>;

export const LargestMessages = Type.Object({ messages: Type.Array(LargeMessage) });
export type LargestMessages = Static<typeof LargestMessages>;

/** Most bytes (the messages' RFC822.SIZE sum) one .eml zip download may hold; at most EXPORT_MAX_MESSAGES messages. */
export const EXPORT_MAX_BYTES = 200 * 1024 * 1024;

/** GET /api/mailboxes/:path/messages/export?uids=1,2,3: the messages as .eml files in one zip. */
export const ExportQuery = Type.Object({
  uids: Type.String({ pattern: '^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,499}$', maxLength: 5500 }),
});
export type ExportQuery = Static<typeof ExportQuery>;

/**
 * GET /api/accounts/:accountId/messages/export?f=1,2:INBOX&f=7:Sent: messages of several folders as .eml files in one
 * zip, one folder per `f` (`<uids>:<path>`, the path after the first colon); at most EXPORT_MAX_MESSAGES in all.
 */
export const ExportAcrossQuery = Type.Object({
  f: Type.Array(Type.String({ pattern: '^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,499}:.+$', maxLength: 6500 }), {
    minItems: 1,
    maxItems: EXPORT_MAX_FOLDERS,
  }),
});
export type ExportAcrossQuery = Static<typeof ExportAcrossQuery>;
