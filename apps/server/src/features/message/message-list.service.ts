import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { PAGE_SIZE, type MessagePage, type MessageSummary } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { findTextPart, type TextPart } from './bodystructure.ts';
import { SUMMARY_FETCH_QUERY, toSummary } from './message.mapper.ts';
import { previewFetchBytes, previewFromPart } from './preview.ts';

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

async function countUnseen(client: ImapFlow, path: string): Promise<number> {
  if (hasEsearch(client)) {
    const result = await client.search({ seen: false }, { returnOptions: ['COUNT'] });
    if (result && !Array.isArray(result)) return result.count ?? 0;
  }
  const status = await client.status(path, { unseen: true });
  return status ? (status.unseen ?? 0) : 0;
}

/** Preview text per UID: one partial FETCH (BODY.PEEK[part]<0.n>) per distinct text part, never a whole message. */
async function fetchPreviews(client: ImapFlow, rows: FetchMessageObject[]): Promise<Map<number, string>> {
  const groups = new Map<string, { part: TextPart; bytes: number; uids: number[] }>();
  for (const row of rows) {
    const part = findTextPart(row.bodyStructure);
    if (!part) continue;
    const bytes = previewFetchBytes(part);
    const key = `${part.part}|${bytes}|${part.type}|${part.encoding}|${part.charset}`;
    const group = groups.get(key) ?? { part, bytes, uids: [] };
    group.uids.push(row.uid);
    groups.set(key, group);
  }
  const previews = new Map<number, string>();
  for (const { part, bytes, uids } of groups.values()) {
    const fetched = await client.fetchAll(toSequenceSet(uids), { uid: true, bodyParts: [{ key: part.part, start: 0, maxLength: bytes }] }, { uid: true });
    for (const m of fetched) {
      const raw = m.bodyParts?.get(part.part) ?? m.bodyParts?.values().next().value;
      if (raw) previews.set(m.uid, previewFromPart(raw, part));
    }
  }
  return previews;
}

/**
 * One page of the selected mailbox, newest first, anchored on UIDs: `before` is the oldest UID of the previous page.
 * Cost is independent of the mailbox size: SEARCH RETURN (COUNT) for the anchor, then a FETCH of `limit` sequence numbers.
 * Invariant: `path` is selected (run under the mailbox lock).
 */
export async function listMessages({ client, path, before, limit = PAGE_SIZE }: { client: ImapFlow; path: string; before?: number | undefined; limit?: number }): Promise<MessagePage> {
  const box = client.mailbox;
  if (!box || box.path !== path) throw mailOperationFailed();
  const total = box.exists;
  const end = before === undefined ? total : Math.min(total, await countBelow(client, before));
  const start = Math.max(1, end - limit + 1);

  let rows: FetchMessageObject[] = [];
  if (end >= 1) {
    rows = await client.fetchAll(`${start}:${end}`, SUMMARY_FETCH_QUERY);
    // the anchor is authoritative even if the mailbox changed under the sequence numbers
    if (before !== undefined) rows = rows.filter((m) => m.uid < before);
    rows.sort((a, b) => b.uid - a.uid);
  }
  const previews = await fetchPreviews(client, rows);
  const unread = await countUnseen(client, path);
  const messages: MessageSummary[] = rows.map((m) => toSummary(m, previews.get(m.uid) ?? ''));
  const oldest = rows[rows.length - 1];
  return {
    messages,
    total,
    unread,
    uidValidity: String(box.uidValidity),
    nextBefore: start > 1 && oldest ? oldest.uid : null,
  };
}
