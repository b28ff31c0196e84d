import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { MessageSummary } from '@pigeon/shared';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { findTextPart, type TextPart } from '../message/bodystructure.ts';
import { previewFetchBytes, previewFromPart } from '../message/preview.ts';
import { SUMMARY_FETCH_QUERY, toSummary } from './summary.mapper.ts';

// The text part of almost every message is part 1 (single part, HTML-only, or the plain half of an alternative)
// or 1.1 (the plain half of an alternative inside a mixed): its preview bytes ride along with the row FETCH, so a page
// needs no second round trip (each one costs a whole command on the shared connection; bench/search.ts). Part 1
// is read as far as an HTML preview needs; a leaf's "1.1" is the leaf itself, a few KB more per row at most.
export const PREFETCH: readonly { key: string; bytes: number }[] = [
  { key: '1', bytes: 8192 },
  { key: '1.1', bytes: 2048 },
];

/** The FETCH items of list rows, with the prefetched preview bytes. */
export const ROW_FETCH_QUERY = {
  ...SUMMARY_FETCH_QUERY,
  bodyParts: PREFETCH.map(({ key, bytes }) => ({ key, start: 0, maxLength: bytes })),
};

/** The first `bytes` of `part` when the row FETCH brought at least that much of it. Pure. */
export function prefetchedPart(row: FetchMessageObject, part: string, bytes: number): Buffer | null {
  const spec = PREFETCH.find((p) => p.key === part);
  const raw = spec && spec.bytes >= bytes ? row.bodyParts?.get(part) : undefined;
  return raw ? raw.subarray(0, bytes) : null;
}

/** Preview text per UID: partial FETCHes (BODY.PEEK[part]<0.n>), one per distinct part number, never a whole message. */
export async function fetchPreviews(client: ImapFlow, rows: FetchMessageObject[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  const groups = new Map<string, { key: string; bytes: number; parts: Map<number, TextPart> }>();
  for (const row of rows) {
    const part = findTextPart(row.bodyStructure);
    if (!part) continue;
    const bytes = previewFetchBytes(part);
    const prefetched = prefetchedPart(row, part.part, bytes);
    if (prefetched) {
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

/** List rows of FETCH results (envelope, flags, size, attachments, preview), in the order given. */
export async function toRows(client: ImapFlow, fetched: FetchMessageObject[]): Promise<MessageSummary[]> {
  const previews = await fetchPreviews(client, fetched);
  return fetched.map((m) => toSummary(m, previews.get(m.uid) ?? ''));
}

/**
 * List rows of these UIDs of the selected mailbox, in the order of `uids` (UIDs that no longer exist are left out).
 * Invariant: run under the mailbox lock.
 */
export async function fetchRows(client: ImapFlow, uids: readonly number[]): Promise<MessageSummary[]> {
  if (uids.length === 0) return [];
  const fetched = await client.fetchAll(toSequenceSet([...uids]), ROW_FETCH_QUERY, { uid: true });
  const at = new Map(uids.map((uid, i) => [uid, i]));
  fetched.sort((a, b) => (at.get(a.uid) ?? 0) - (at.get(b.uid) ?? 0));
  return toRows(client, fetched);
}
