// Pure decisions of folder management: which path a change produces and whether it is allowed. No IMAP here.
import {
  FOLDER_PATH_MAX_ENCODED,
  folderNameProblem,
  modifiedUtf7Length,
  normalizeFolderName,
  type MailboxRole,
} from '@pigeon/shared';
import { mailboxNotFound } from '../imap/imap-errors.ts';
import type { FolderEntry } from '../imap/folders.ts';
import { subtreeOf } from '../imap/folders.ts';
import {
  folderExists,
  folderIntoItself,
  folderNameTooLong,
  folderNotEmptiable,
  folderProtected,
  nameProblemError,
} from './folders.errors.ts';

export interface FolderView {
  entries: readonly FolderEntry[];
  /** path → role (assignRoles): these folders, and folders holding one, cannot be renamed, moved or deleted */
  roles: ReadonlyMap<string, MailboxRole>;
  /** delimiter of top-level folders */
  delimiter: string;
}

const find = (view: FolderView, path: string) => view.entries.find((e) => e.path === path);
const isInbox = (path: string) => path.toUpperCase() === 'INBOX';

/** `parent` + delimiter + `rawName`; a new name (`check`) is normalized and checked, a folder's own name is kept as it is. */
function childPath(view: FolderView, parent: string | null, rawName: string, check = true): string {
  const delimiter = parent === null ? view.delimiter : (find(view, parent)?.delimiter ?? view.delimiter);
  const name = check ? normalizeFolderName(rawName) : rawName;
  const problem = check ? folderNameProblem(name, delimiter) : null;
  if (problem) throw nameProblemError(problem);
  const path = parent === null ? name : `${parent}${delimiter}${name}`;
  if (modifiedUtf7Length(path) > FOLDER_PATH_MAX_ENCODED) throw folderNameTooLong();
  return path;
}

function existing(view: FolderView, path: string): FolderEntry {
  const entry = find(view, path);
  if (!entry) throw mailboxNotFound(path);
  return entry;
}

function unprotectedSubtree(view: FolderView, path: string): FolderEntry[] {
  const subtree = subtreeOf(view.entries, path);
  if (isInbox(path) || subtree.some((e) => view.roles.has(e.path) || isInbox(e.path))) throw folderProtected(path);
  return subtree;
}

/** Path of a new folder `name` under `parent` (null: top level). */
export function planCreate(view: FolderView, parent: string | null, name: string): string {
  if (parent !== null) existing(view, parent);
  const path = childPath(view, parent, name);
  if (find(view, path) || (parent === null && isInbox(path))) throw folderExists(path);
  return path;
}

/**
 * Rename (`name`) and/or move (`parent`, null: top level) of `path`: the new path and the folders that move with it,
 * or null when nothing changes.
 */
export function planUpdate(
  view: FolderView,
  path: string,
  change: { name?: string | undefined; parent?: string | null | undefined },
): { to: string; subtree: FolderEntry[] } | null {
  const entry = existing(view, path);
  const subtree = unprotectedSubtree(view, path);
  const parent = change.parent !== undefined ? change.parent : entry.parentPath || null;
  if (parent !== null) {
    existing(view, parent);
    if (subtree.some((e) => e.path === parent)) throw folderIntoItself();
  }
  const to =
    change.name !== undefined ? childPath(view, parent, change.name) : childPath(view, parent, entry.name, false);
  if (to === path) return null;
  if (find(view, to) || (parent === null && isInbox(to))) throw folderExists(to);
  return { to, subtree };
}

/** The folders a delete of `path` removes (it and everything below it, deepest first). */
export function planDelete(view: FolderView, path: string): FolderEntry[] {
  existing(view, path);
  return unprotectedSubtree(view, path);
}

/** Only Trash and Junk are emptied in one go. */
export function checkEmptiable(view: FolderView, path: string): void {
  existing(view, path);
  const role = view.roles.get(path);
  if (role !== 'trash' && role !== 'junk') throw folderNotEmptiable();
}
