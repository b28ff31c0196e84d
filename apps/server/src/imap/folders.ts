// Folder (mailbox) management on one IMAP connection. No HTTP, no validation: callers pass checked, final paths.
import type { ImapFlow, ListResponse } from 'imapflow';

/** One LIST entry: what folder management needs to know about a folder. */
export type FolderEntry = Pick<
  ListResponse,
  'path' | 'name' | 'delimiter' | 'parentPath' | 'flags' | 'specialUse' | 'specialUseSource' | 'subscribed'
>;

/** Every folder, with its delimiter and subscription state (one LIST, plus LSUB where LIST cannot say). */
export async function listFolderEntries(client: ImapFlow): Promise<FolderEntry[]> {
  return client.list();
}

/** The server's hierarchy delimiter for new top-level folders (personal namespace), `/` when it names none. */
export function topLevelDelimiter(client: ImapFlow, entries: readonly FolderEntry[]): string {
  return client.namespace?.delimiter || entries.find((e) => e.delimiter)?.delimiter || '/';
}

/** `path` and every folder below it, deepest first (the order DELETE needs). */
export function subtreeOf(entries: readonly FolderEntry[], path: string): FolderEntry[] {
  return entries
    .filter((e) => e.path === path || (e.delimiter !== '' && e.path.startsWith(`${path}${e.delimiter}`)))
    .sort((a, b) => b.path.length - a.path.length);
}

/** CREATE + SUBSCRIBE `path`; resolves with the path the server stored (namespace prefix applied), or null when it already existed. */
export async function createFolder(client: ImapFlow, path: string): Promise<string | null> {
  const result = await client.mailboxCreate(path);
  return result.created ? result.path : null;
}

/**
 * RENAME `from` (with the folders below it, RFC 3501 6.3.5) to `to`. Dovecot leaves subscriptions under the old
 * names, so each subscribed folder of `subtree` is subscribed under its new name and unsubscribed under the old one.
 */
export async function renameFolder(
  client: ImapFlow,
  from: string,
  to: string,
  subtree: readonly FolderEntry[],
): Promise<void> {
  await client.mailboxRename(from, to);
  for (const e of subtree.filter((s) => s.subscribed)) {
    const moved = `${to}${e.path.slice(from.length)}`;
    await client.mailboxSubscribe(moved);
    await client.mailboxUnsubscribe(e.path);
  }
}

/** DELETEs every folder of `subtree` (deepest first: servers refuse to delete a folder that has children) and its subscription. */
export async function deleteFolders(client: ImapFlow, subtree: readonly FolderEntry[]): Promise<void> {
  for (const e of subtree) {
    await client.mailboxDelete(e.path);
    if (e.subscribed) await client.mailboxUnsubscribe(e.path);
  }
}

/** SUBSCRIBE or UNSUBSCRIBE; false when the server refused. */
export async function setSubscribed(client: ImapFlow, path: string, subscribed: boolean): Promise<boolean> {
  return subscribed ? client.mailboxSubscribe(path) : client.mailboxUnsubscribe(path);
}

/** Deletes every message of the selected mailbox (\Deleted on 1:*, then EXPUNGE); resolves with how many there were. */
export async function expungeAll(client: ImapFlow): Promise<number> {
  const count = client.mailbox ? client.mailbox.exists : 0;
  if (count === 0) return 0;
  if (!(await client.messageDelete('1:*'))) throw Object.assign(new Error('EXPUNGE failed'), { responseStatus: 'NO' });
  return count;
}

/** Adds \Seen to every message of the selected mailbox in one STORE; resolves with how many were unread before. */
export async function markAllSeen(client: ImapFlow, path: string): Promise<number> {
  if (!client.mailbox || client.mailbox.exists === 0) return 0;
  const before = await client.status(path, { unseen: true });
  const unseen = (before && before.unseen) || 0;
  if (unseen === 0) return 0;
  if (!(await client.messageFlagsAdd('1:*', ['\\Seen'])))
    throw Object.assign(new Error('STORE failed'), { responseStatus: 'NO' });
  return unseen;
}

/** Message and unread counts of `path` (STATUS). */
export async function folderCounts(client: ImapFlow, path: string): Promise<{ total: number; unread: number }> {
  const s = await client.status(path, { messages: true, unseen: true });
  return { total: (s && s.messages) || 0, unread: (s && s.unseen) || 0 };
}
