import { AppError } from '../core/app-error.ts';
import { isConnectionError, isMailboxMissing, mailboxNotFound, toMailError } from '../imap/imap-errors.ts';
import { FOLDER_NAME_MAX_CHARS, FOLDER_PATH_MAX_ENCODED, type FolderNameProblem } from '@pigeon/shared';

export const invalidFolderName = () =>
  new AppError(
    400,
    'folder.invalid_name',
    'A folder name cannot be empty, "." or "..", or contain the folder separator, % or * or control characters.',
    { field: 'name' },
  );
export const folderNameTooLong = () =>
  new AppError(
    400,
    'folder.name_too_long',
    `A folder name can have at most ${FOLDER_NAME_MAX_CHARS} characters (fewer in some scripts), and a full path ${FOLDER_PATH_MAX_ENCODED} bytes.`,
    { field: 'name', details: { maxChars: FOLDER_NAME_MAX_CHARS } },
  );
export const folderExists = (path: string) =>
  new AppError(409, 'folder.exists', `A folder named "${path}" exists already.`, { field: 'name' });
export const folderProtected = (path: string) =>
  new AppError(
    403,
    'folder.protected',
    `"${path}" is a special folder (Inbox, Sent, Drafts, Trash, Junk or Archive) or holds one: it cannot be renamed, moved or deleted.`,
  );
export const folderIntoItself = () =>
  new AppError(400, 'folder.into_itself', 'A folder cannot be moved into itself or into one of its own folders.', {
    field: 'parent',
  });
export const folderNotEmptiable = () =>
  new AppError(400, 'folder.not_emptiable', 'Only Trash and Junk can be emptied.');

/** The server refused with its own reason (e.g. a reserved name); its words, bounded and on one line, go in `details`. */
export const folderRejected = (serverText: string | undefined) => {
  const said = (serverText ?? '')
    .replace(/\s*\(\d+\.\d+ \+ \d+\.\d+[^)]*\)\s*$/, '') // Dovecot's timing suffix
    .replace(/\p{Cc}+/gu, ' ')
    .slice(0, 200)
    .trim();
  return new AppError(422, 'folder.rejected', `The mail server refused this folder change${said ? `: ${said}` : '.'}`, {
    details: { serverText: said },
  });
};

export const nameProblemError = (problem: FolderNameProblem) =>
  problem === 'name_too_long' ? folderNameTooLong() : invalidFolderName();

interface ImapNo {
  responseStatus?: string;
  serverResponseCode?: string;
  responseText?: string;
}

/**
 * An IMAP failure of a folder command → a stable code: ALREADYEXISTS → folder.exists, NONEXISTENT → mailbox.not_found,
 * a NO saying "too long" → folder.name_too_long, another NO → folder.rejected (with the server's words: a reserved name, a
 * leading ~). A lost connection is
 * rethrown as is, so the connection manager can retry it on a new connection.
 */
export function toFolderError(err: unknown, path: string): unknown {
  if (isConnectionError(err)) return err;
  const e = (err ?? {}) as ImapNo;
  const code = (e.serverResponseCode ?? '').toUpperCase();
  if (code === 'ALREADYEXISTS') return folderExists(path);
  if (isMailboxMissing(err)) return mailboxNotFound(path);
  if (e.responseStatus === 'NO' || code) {
    if (/too long/i.test(e.responseText ?? '')) return folderNameTooLong();
    return folderRejected(e.responseText);
  }
  return toMailError(err, path);
}
