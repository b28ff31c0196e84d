import { Type, type Static } from '@sinclair/typebox';
import { Mailbox } from './mailbox.schemas.ts';

/** Longest folder name (one level), in characters (code points). */
export const FOLDER_NAME_MAX_CHARS = 100;
/** Longest folder name (one level) once encoded for IMAP (modified UTF-7): Dovecot's Maildir limit is 255. */
export const FOLDER_NAME_MAX_ENCODED = 255;
/** Longest full path (all levels) once encoded for IMAP. */
export const FOLDER_PATH_MAX_ENCODED = 1000;
/** A `mailbox.listChanged` event carries the whole folder list up to this many folders (else devices refetch). */
export const LIST_CHANGED_MAX_MAILBOXES = 500;

/** Why a folder name is refused, or null. Each maps to the `folder.<problem>` error code. */
export type FolderNameProblem = 'invalid_name' | 'name_too_long';

/** The name as it will be stored: Unicode NFC (a Mac types Hangul decomposed), outer spaces removed. Pure. */
export function normalizeFolderName(name: string): string {
  return name.normalize('NFC').trim();
}

/** Length of `name` in IMAP modified UTF-7 (RFC 3501 5.1.3): printable ASCII as is (`&` as `&-`), other runs base64. Pure. */
export function modifiedUtf7Length(name: string): number {
  let length = 0;
  let run = 0; // UTF-16 code units in the current non-ASCII run
  const flush = () => {
    if (run > 0) length += 2 + Math.ceil((run * 16) / 6);
    run = 0;
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      flush();
      length += c === 0x26 ? 2 : 1;
    } else run += 1;
  }
  flush();
  return length;
}

// control characters (C0, DEL, C1), list wildcards, and characters that end or hide a line
const FORBIDDEN = /[\p{Cc}%*\u2028\u2029\ufeff]/u;

/**
 * Checks one level of a folder name (already normalized) against the hierarchy `delimiter`: not empty, not `.`/`..`,
 * no delimiter (it would create or reach another folder), no control characters or LIST wildcards, bounded length.
 */
export function folderNameProblem(name: string, delimiter: string): FolderNameProblem | null {
  if (name === '' || name === '.' || name === '..') return 'invalid_name';
  if ((delimiter && name.includes(delimiter)) || FORBIDDEN.test(name)) return 'invalid_name';
  if (/[\ud800-\udfff]/u.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'invalid_name';
  if ([...name].length > FOLDER_NAME_MAX_CHARS || modifiedUtf7Length(name) > FOLDER_NAME_MAX_ENCODED)
    return 'name_too_long';
  return null;
}

const Name = Type.String({ maxLength: 1000, description: 'one level of the folder name, without the delimiter' });
const Path = Type.String({ minLength: 1, maxLength: 4000 });

/** POST /api/accounts/:accountId/mailboxes: create `name` under `parent` (null: at the top level). */
export const CreateFolderBody = Type.Object({ parent: Type.Union([Path, Type.Null()]), name: Name });
export type CreateFolderBody = Static<typeof CreateFolderBody>;

/** PATCH /api/accounts/:accountId/mailboxes/:path: rename (`name`) and/or move under another parent (`parent`, null: top level). */
export const UpdateFolderBody = Type.Object({
  name: Type.Optional(Name),
  parent: Type.Optional(Type.Union([Path, Type.Null()])),
});
export type UpdateFolderBody = Static<typeof UpdateFolderBody>;

/** PUT /api/accounts/:accountId/mailboxes/:path/subscription */
export const SubscriptionBody = Type.Object({ subscribed: Type.Boolean() });
export type SubscriptionBody = Static<typeof SubscriptionBody>;

/** What a folder change left: the folder's path now (null once deleted) and the new folder list. */
export const FolderChange = Type.Object({
  path: Type.Union([Type.String(), Type.Null()]),
  mailboxes: Type.Array(Mailbox),
});
export type FolderChange = Static<typeof FolderChange>;

/** POST /api/accounts/:accountId/mailboxes/:path/empty and /mark-all-read: how many messages it touched, and the folder's counts. */
export const FolderBulkResult = Type.Object({
  path: Type.String(),
  affected: Type.Integer(),
  total: Type.Integer(),
  unread: Type.Integer(),
});
export type FolderBulkResult = Static<typeof FolderBulkResult>;
