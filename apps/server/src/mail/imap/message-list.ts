import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { PAGE_SIZE, type MessagePage } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { ROW_FETCH_QUERY, toRows } from './message-rows.ts';

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

/**
 * One page of the selected mailbox, newest first, anchored on UIDs: `before` is the oldest UID of the previous page.
 * Cost is independent of the mailbox size: SEARCH RETURN (COUNT) for the anchor, then FETCHes of `limit` sequence numbers.
 * Invariant: `path` is selected (run under the mailbox lock).
 */
export async function listMessages({
  client,
  path,
  before,
  limit = PAGE_SIZE,
}: {
  client: ImapFlow;
  path: string;
  before?: number | undefined;
  limit?: number;
}): Promise<MessagePage> {
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  const total = box.exists;
  const end = before === undefined ? total : Math.min(total, await countBelow(client, before));
  const start = Math.max(1, end - limit + 1);

  let rows: FetchMessageObject[] = [];
  if (end >= 1) {
    rows = await client.fetchAll(`${start}:${end}`, ROW_FETCH_QUERY);
    // the anchor is authoritative even if the mailbox changed under the sequence numbers
    if (before !== undefined) rows = rows.filter((m) => m.uid < before);
    rows.sort((a, b) => b.uid - a.uid);
  }
  const messages = await toRows(client, rows);
  const unread = await countUnseen(client, path);
  const oldest = rows[rows.length - 1];
  return {
    messages,
    total,
    unread,
    uidValidity: String(box.uidValidity),
    nextBefore: start > 1 && oldest ? oldest.uid : null,
  };
}
