import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { MessageSummary } from '@pigeon/shared';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { findTextPart, hasAttachments, type TextPart } from '../reading/bodystructure.ts';
import { previewFetchBytes, previewFromPart } from '../reading/preview.ts';
import { mayCarryFiles, readRowPrefix, ROW_TEXT_BYTES } from './row-prefix.ts';
import type { RowCache, RowScope } from './row-cache.ts';
import { SUMMARY_FETCH_QUERY, toFlags, toSummary } from './summary.mapper.ts';

// No BODYSTRUCTURE in a row: imapflow parses it on the event loop (30–70 ms for a message of 1,100 parts, which
// anyone can send). The first bytes of BODY[TEXT] with the top-level Content-Type hold the preview part of almost
// every message, so a page needs no second round trip (each one costs a whole command on the shared connection).
/** The FETCH items of list rows: row fields, the raw headers a row decodes, and the first bytes of the body. */
export const ROW_FETCH_QUERY = {
  ...SUMMARY_FETCH_QUERY,
  bodyStructure: false,
  headers: ['subject', 'from', 'content-type', 'content-transfer-encoding'],
  bodyParts: [{ key: 'text', start: 0, maxLength: ROW_TEXT_BYTES }],
};

/** What the prefix says about one row: its attachment flag, and its preview or the part to fetch it from. */
interface RowReading {
  hasAttachments: boolean;
  preview: string | null;
  part: TextPart | null;
}

async function readRow(row: FetchMessageObject): Promise<RowReading> {
  const text = row.bodyParts?.get('text') ?? Buffer.alloc(0);
  const prefix = await readRowPrefix(row.headers, text, text.length < ROW_TEXT_BYTES);
  const flagged = hasAttachments(prefix.structure) || (!prefix.whole && mayCarryFiles(prefix.structure));
  const part = findTextPart(prefix.structure);
  if (!part) return { hasAttachments: flagged, preview: '', part: null };
  const bytes = previewFetchBytes(part);
  const seen = prefix.bodies.get(part.part) ?? Buffer.alloc(0);
  const enough = seen.length >= bytes || prefix.ended.has(part.part);
  return { hasAttachments: flagged, preview: enough ? previewFromPart(seen.subarray(0, bytes), part) : null, part };
}

/** Previews of the rows whose prefix stopped inside their text part: one partial FETCH per distinct part number. */
async function fetchPreviews(client: ImapFlow, wanted: Map<number, TextPart>): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  const groups = new Map<string, { key: string; bytes: number; parts: Map<number, TextPart> }>();
  for (const [uid, part] of wanted) {
    const bytes = previewFetchBytes(part);
    const id = `${part.part}|${bytes}`;
    const group = groups.get(id) ?? { key: part.part, bytes, parts: new Map() };
    group.parts.set(uid, part);
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

/** List rows of FETCH results (envelope, flags, size, attachment flag, preview), in the order given. */
export async function toRows(client: ImapFlow, fetched: FetchMessageObject[]): Promise<MessageSummary[]> {
  const readings = await Promise.all(fetched.map(readRow));
  const wanted = new Map<number, TextPart>();
  readings.forEach((r, i) => {
    if (r.preview === null && r.part) wanted.set(fetched[i]!.uid, r.part);
  });
  const fetchedPreviews = wanted.size > 0 ? await fetchPreviews(client, wanted) : new Map<number, string>();
  return fetched.map((m, i) => {
    const r = readings[i]!;
    return toSummary(m, r.preview ?? fetchedPreviews.get(m.uid) ?? '', r.hasAttachments);
  });
}

async function fetchFresh(client: ImapFlow, uids: readonly number[]): Promise<MessageSummary[]> {
  const fetched = await client.fetchAll(toSequenceSet([...uids]), ROW_FETCH_QUERY, { uid: true });
  const at = new Map(uids.map((uid, i) => [uid, i]));
  fetched.sort((a, b) => (at.get(a.uid) ?? 0) - (at.get(b.uid) ?? 0));
  return toRows(client, fetched);
}

/** Rows kept across requests (decision 048), and the account they are of; the mailbox is the selected one. */
export interface CachedRows {
  rows: RowCache;
  owner: string;
}

/**
 * List rows of these UIDs of the selected mailbox, in the order of `uids` (UIDs that no longer exist are left out).
 * With `cached`, rows already read come from the cache with their flags fetched again (FETCH FLAGS: a row changes only
 * in its flags), and only the others are read in full. Invariant: run under the mailbox lock.
 */
export async function fetchRows(
  client: ImapFlow,
  uids: readonly number[],
  cached?: CachedRows,
): Promise<MessageSummary[]> {
  if (uids.length === 0) return [];
  const scope = cached ? rowScope(client, cached.owner) : null;
  if (!cached || !scope) return fetchFresh(client, uids);
  const wanted = [...new Set(uids)];
  const { hits, misses } = cached.rows.take(scope, wanted);
  const fresh = misses.length > 0 ? await fetchFresh(client, misses) : [];
  cached.rows.put(scope, fresh);
  const rows = new Map(fresh.map((r) => [r.uid, r]));
  if (hits.size > 0) {
    const flags = await client.fetchAll(toSequenceSet([...hits.keys()]), { uid: true, flags: true }, { uid: true });
    for (const m of flags) {
      const hit = hits.get(m.uid);
      if (hit) rows.set(m.uid, { ...hit, flags: toFlags(m.flags) });
    }
  }
  return wanted.map((uid) => rows.get(uid)).filter((r): r is MessageSummary => r !== undefined);
}

/** Where rows of the selected mailbox are kept in the row cache (null when nothing is selected). */
export function rowScope(client: ImapFlow, owner: string): RowScope | null {
  const box = client.mailbox;
  return box ? { owner, path: box.path, uidValidity: String(box.uidValidity) } : null;
}

/**
 * Rows of a listing just fetched (UID and FLAGS of each message), in its order: a cached row takes the listing's flags
 * (no further FETCH), only the others are read in full by UID, and kept. A message gone before that read is left out.
 * Invariant: run under the mailbox lock, with `scope` the selected mailbox's.
 */
export async function rowsOfListing(
  client: ImapFlow,
  listed: readonly Pick<FetchMessageObject, 'uid' | 'flags'>[],
  rows: RowCache,
  scope: RowScope,
): Promise<MessageSummary[]> {
  if (listed.length === 0) return [];
  const { hits, misses } = rows.take(
    scope,
    listed.map((m) => m.uid),
  );
  const fresh = misses.length > 0 ? await fetchFresh(client, misses) : [];
  rows.put(scope, fresh);
  const byUid = new Map(fresh.map((r) => [r.uid, r]));
  return listed.flatMap((m) => {
    const hit = hits.get(m.uid);
    const row = hit ? { ...hit, flags: toFlags(m.flags) } : byUid.get(m.uid);
    return row ? [row] : [];
  });
}
