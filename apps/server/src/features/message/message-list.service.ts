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

// Most messages are single-part text: their preview bytes ride along with the row FETCH (one round trip less).
export const PREFETCH: { key: string; bytes: number } = { key: '1', bytes: 2048 };

/** Preview text per UID: partial FETCHes (BODY.PEEK[part]<0.n>), one per distinct part number, never a whole message. */
export async function fetchPreviews(client: ImapFlow, rows: FetchMessageObject[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  const groups = new Map<string, { key: string; bytes: number; parts: Map<number, TextPart> }>();
  for (const row of rows) {
    const part = findTextPart(row.bodyStructure);
    if (!part) continue;
    const bytes = previewFetchBytes(part);
    const prefetched = row.bodyParts?.get(PREFETCH.key);
    if (prefetched && part.part === PREFETCH.key && bytes <= PREFETCH.bytes) {
      previews.set(row.uid, previewFromPart(prefetched, part));
      continue;
    }
    const id = `${part.part}|${bytes}`;
    const group = groups.get(id) ?? { key: part.part, bytes, parts: new Map() };
    group.parts.set(row.uid, part);
    groups.set(id, group);
  }
  for (const { key, bytes, parts } of groups.values()) {
    const fetched = await client.fetchAll(
      toSequenceSet([...parts.keys()]),
      { uid: true, bodyParts: [{ key, start: 0, maxLength: bytes }] },
      { uid: true },
    );
    for (const m of fetched) {
      const part = parts.get(m.uid);
      const raw = m.bodyParts?.get(key) ?? m.bodyParts?.values().next().value;
      if (part && raw) previews.set(m.uid, previewFromPart(raw, part));
    }
  }
  return previews;
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
    rows = await client.fetchAll(`${start}:${end}`, {
      ...SUMMARY_FETCH_QUERY,
      bodyParts: [{ key: PREFETCH.key, start: 0, maxLength: PREFETCH.bytes }],
    });
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
