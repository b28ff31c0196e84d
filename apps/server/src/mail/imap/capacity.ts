import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderSizes, LargeMessage, LargestMessages, QuotaAnswer, QuotaLevel } from '@pigeon/shared';
import { sumMessageSizes } from '../../imap/folder-size.ts';
import { isMailboxMissing, mailboxNotFound } from '../../imap/imap-errors.ts';
import { largestInMailbox } from '../../imap/largest.ts';
import { readStorageQuota } from '../../imap/quota.ts';
import { attachmentBytes } from '../reading/bodystructure.ts';
import { SUMMARY_FETCH_QUERY, toSummary } from './summary.mapper.ts';
import type { FolderSizeCache } from './folder-size-cache.ts';

/** `warning` from 90 %, `full` from 100 % of the limit. Pure. */
export function quotaLevel(usedBytes: number, limitBytes: number): QuotaLevel {
  if (usedBytes >= limitBytes) return 'full';
  return usedBytes >= limitBytes * 0.9 ? 'warning' : 'ok';
}

/** The storage quota, or null when the server has none (no QUOTA, or no storage limit): the web shows no bar. */
export async function getQuota({ client }: { client: ImapFlow }): Promise<QuotaAnswer> {
  const usage = await readStorageQuota(client);
  return { quota: usage && { ...usage, level: quotaLevel(usage.usedBytes, usage.limitBytes) } };
}

const selectable = (e: ListResponse) => ![...e.flags].some((f) => /^\\(noselect|nonexistent)$/i.test(f));

/** Runs `fn` with `path` selected under imapflow's mailbox lock; a missing folder is mailbox.not_found. */
async function inMailbox<T>(client: ImapFlow, path: string, fn: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(path).catch((err: unknown) => {
    throw isMailboxMissing(err) ? mailboxNotFound(path) : err;
  });
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/**
 * Every selectable folder's message count and bytes, largest first: one LIST-STATUS with SIZE where the server has
 * STATUS=SIZE; otherwise each folder's RFC822.SIZE sum, kept in `cache` until its UIDVALIDITY/UIDNEXT/MESSAGES change.
 */
export async function folderSizes({
  client,
  cache,
  owner,
}: {
  client: ImapFlow;
  cache: FolderSizeCache;
  owner: string;
}): Promise<FolderSizes> {
  const entries = (
    await client.list({ statusQuery: { messages: true, size: true, uidNext: true, uidValidity: true } })
  ).filter(selectable);
  const folders = [];
  for (const e of entries) {
    const messages = e.status?.messages ?? 0;
    let bytes = e.status?.size;
    if (bytes === undefined) {
      const stamp = `${e.status?.uidValidity ?? ''}:${e.status?.uidNext ?? ''}:${messages}`;
      bytes = cache.get(owner, e.path, stamp);
      if (bytes === undefined) {
        bytes = await inMailbox(client, e.path, () => sumMessageSizes(client));
        cache.set(owner, e.path, stamp, bytes);
      }
    }
    folders.push({ path: e.path, messages, bytes });
  }
  folders.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return { folders };
}

/** The largest messages of the selected mailbox `path`, as rows with their attachments' bytes. */
async function largestRows(client: ImapFlow, path: string, limit: number): Promise<LargeMessage[]> {
  const top = await largestInMailbox(client, limit);
  if (top.length === 0) return [];
  const rows = await client.fetchAll(top.map((t) => t.uid).join(','), SUMMARY_FETCH_QUERY, { uid: true });
  return rows.map((m) => {
    const s = toSummary(m, '');
    return {
      path,
      uid: s.uid,
      subject: s.subject,
      from: s.from,
      date: s.date,
      size: s.size,
      attachmentBytes: attachmentBytes(m.bodyStructure),
    };
  });
}

/**
 * The `limit` largest messages of `path`, or of every selectable folder, largest first. `by: 'attachments'` ranks
 * the same candidates by their attachments' bytes: a message outside the `limit` largest is smaller than every
 * candidate, so it cannot have larger attachments than the candidates listed ahead of it (see decision 022).
 */
export async function largestMessages({
  client,
  path,
  by = 'size',
  limit,
}: {
  client: ImapFlow;
  path?: string | undefined;
  by?: 'size' | 'attachments' | undefined;
  limit: number;
}): Promise<LargestMessages> {
  const paths = path !== undefined ? [path] : (await client.list()).filter(selectable).map((e) => e.path);
  const all: LargeMessage[] = [];
  for (const p of paths) all.push(...(await inMailbox(client, p, () => largestRows(client, p, limit))));
  all.sort((a, b) => b.size - a.size || b.uid - a.uid);
  let messages = all.slice(0, limit);
  if (by === 'attachments')
    messages = messages.filter((m) => m.attachmentBytes > 0).sort((a, b) => b.attachmentBytes - a.attachmentBytes);
  return { messages };
}
