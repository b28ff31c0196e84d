import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { PAGE_SIZE, type MessagePage, type MessageSummary } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { ROW_FETCH_QUERY, rowScope, rowsOfListing, toRows, type CachedRows } from './message-rows.ts';

const hasEsearch = (client: ImapFlow) => client.capabilities.has('ESEARCH');

/** How many messages have a UID below `before`, which is the sequence number of the newest of them. */
async function countBelow(client: ImapFlow, before: number): Promise<number> {
  if (before <= 1) return 0;
  const query = { uid: `1:${before - 1}` };
  if (hasEsearch(client)) {
    const result = await client.search(query, { returnOptions: ['COUNT'] });
    if (result && !Array.isArray(result)) return result.count ?? 0;
  }
  const seqs = await client.search(query); // without ESEARCH: the server lists the sequence numbers
  return Array.isArray(seqs) ? seqs.length : 0;
}

export async function countUnseen(client: ImapFlow, path: string): Promise<number> {
  if (hasEsearch(client)) {
    const result = await client.search({ seen: false }, { returnOptions: ['COUNT'] });
    if (result && !Array.isArray(result)) return result.count ?? 0;
  }
  const status = await client.status(path, { unseen: true });
  return status ? (status.unseen ?? 0) : 0;
}

/** The FETCHed messages of a page, newest first: the anchor is authoritative even if sequence numbers moved. */
function inPageOrder<T extends { uid: number }>(fetched: T[], before: number | undefined): T[] {
  const kept = before === undefined ? fetched : fetched.filter((m) => m.uid < before);
  return kept.sort((a, b) => b.uid - a.uid);
}

/**
 * One page of the selected mailbox, newest first, anchored on UIDs: `before` is the oldest UID of the previous page.
 * Cost is independent of the mailbox size: SEARCH RETURN (COUNT) for the anchor, then FETCHes of `limit` sequence numbers.
 * With `cached` and rows of this mailbox in the row cache, the range is fetched as UID and FLAGS only and only rows not
 * cached are read in full (decision 050). Invariant: `path` is selected (run under the mailbox lock).
 */
export async function listMessages({
  client,
  path,
  before,
  limit = PAGE_SIZE,
  cached,
}: {
  client: ImapFlow;
  path: string;
  before?: number | undefined;
  limit?: number;
  cached?: CachedRows | undefined;
}): Promise<MessagePage> {
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  const total = box.exists;
  const end = before === undefined ? total : Math.min(total, await countBelow(client, before));
  const start = Math.max(1, end - limit + 1);
  const scope = cached ? rowScope(client, cached.owner) : null;

  let messages: MessageSummary[] = [];
  let oldest: { uid: number } | undefined;
  if (end >= 1 && cached && scope && cached.rows.holds(scope)) {
    const listed = inPageOrder(await client.fetchAll(`${start}:${end}`, { uid: true, flags: true }), before);
    messages = await rowsOfListing(client, listed, cached.rows, scope);
    oldest = listed[listed.length - 1];
  } else if (end >= 1) {
    const rows: FetchMessageObject[] = inPageOrder(await client.fetchAll(`${start}:${end}`, ROW_FETCH_QUERY), before);
    messages = await toRows(client, rows);
    if (cached && scope) cached.rows.put(scope, messages);
    oldest = rows[rows.length - 1];
  }
  const unread = await countUnseen(client, path);
  return {
    messages,
    total,
    unread,
    uidValidity: String(box.uidValidity),
    nextBefore: start > 1 && oldest ? oldest.uid : null,
  };
}
