import type { ImapFlow } from 'imapflow';
import type { FolderBulkResult } from '@pigeon/shared';
import {
  createFolder as imapCreate,
  deleteFolders,
  expungeAll,
  folderCounts,
  listFolderEntries,
  markAllSeen,
  renameFolder,
  setSubscribed,
  topLevelDelimiter,
} from '../../imap/folders.ts';
import { mailboxNotFound } from '../../imap/imap-errors.ts';
import { assignRoles } from './mailbox.mapper.ts';
import { checkEmptiable, planCreate, planDelete, planUpdate, type FolderView } from '../folder-plans.ts';
import { folderExists, folderRejected, toFolderError } from '../folders.errors.ts';

async function viewOf(client: ImapFlow): Promise<FolderView> {
  const entries = await listFolderEntries(client);
  return { entries, roles: assignRoles(entries), delimiter: topLevelDelimiter(client, entries) };
}

async function imap<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toFolderError(err, path);
  }
}

/** Creates `name` under `parent` (null: top level) and subscribes it; resolves with its path. */
export async function createFolder({
  client,
  parent,
  name,
}: {
  client: ImapFlow;
  parent: string | null;
  name: string;
}): Promise<string> {
  const path = planCreate(await viewOf(client), parent, name);
  const created = await imap(path, () => imapCreate(client, path));
  if (created === null) throw folderExists(path);
  return created;
}

/** Renames and/or moves `path` with its subfolders (and their subscriptions); resolves with the new path. */
export async function updateFolder({
  client,
  path,
  name,
  parent,
}: {
  client: ImapFlow;
  path: string;
  name?: string | undefined;
  parent?: string | null | undefined;
}): Promise<string> {
  const plan = planUpdate(await viewOf(client), path, { name, parent });
  if (!plan) return path;
  await imap(path, () => renameFolder(client, path, plan.to, plan.subtree));
  return plan.to;
}

/** Deletes `path`, its subfolders and every message in them. */
export async function deleteFolder({ client, path }: { client: ImapFlow; path: string }): Promise<void> {
  const subtree = planDelete(await viewOf(client), path);
  await imap(path, () => deleteFolders(client, subtree));
}

/** Subscribes or unsubscribes `path`. */
export async function subscribeFolder({
  client,
  path,
  subscribed,
}: {
  client: ImapFlow;
  path: string;
  subscribed: boolean;
}): Promise<void> {
  const view = await viewOf(client);
  if (!view.entries.some((e) => e.path === path)) throw mailboxNotFound(path);
  if (!(await imap(path, () => setSubscribed(client, path, subscribed)))) throw folderRejected(undefined);
}

/** Throws unless `path` is Trash or Junk (run before selecting it). */
export async function checkCanEmpty({ client, path }: { client: ImapFlow; path: string }): Promise<void> {
  checkEmptiable(await viewOf(client), path);
}

/** Deletes every message of the selected Trash/Junk `path` (after checkCanEmpty). */
export async function emptyFolder({ client, path }: { client: ImapFlow; path: string }): Promise<FolderBulkResult> {
  const affected = await imap(path, () => expungeAll(client));
  return { path, affected, ...(await folderCounts(client, path)) };
}

/** Marks every message of the selected `path` read. */
export async function markFolderRead({ client, path }: { client: ImapFlow; path: string }): Promise<FolderBulkResult> {
  const affected = await imap(path, () => markAllSeen(client, path));
  return { path, affected, ...(await folderCounts(client, path)) };
}
