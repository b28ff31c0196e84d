import type { ImapFlow } from 'imapflow';
import { canSort, uidSort } from './search-sort.ts';
import { toSequenceSet } from './sequence-set.ts';

export interface SizedUid {
  uid: number;
  size: number;
}

/** The `limit` largest of `rows`, largest first (ties: newer UID first). Pure. */
export function topBySize(rows: readonly SizedUid[], limit: number): SizedUid[] {
  return [...rows].sort((a, b) => b.size - a.size || b.uid - a.uid).slice(0, Math.max(0, limit));
}

/**
 * UIDs and sizes of the `limit` largest messages of the selected mailbox, largest first. With SORT the server
 * orders them and only `limit` sizes are fetched; without it SEARCH LARGER narrows the candidates, ranked here.
 * Invariant: a mailbox is selected (run under the mailbox lock).
 */
export async function largestInMailbox(client: ImapFlow, limit: number): Promise<SizedUid[]> {
  if (!client.mailbox || limit <= 0) return [];
  // Dovecot brings mail delivered since into an already selected mailbox's view only as a command ends: without
  // this NOOP the SORT below ranks an old view (a message appended a moment ago was missing in a CI run)
  await client.noop();
  if (client.mailbox.exists === 0) return [];
  if (canSort(client)) {
    const top = (await uidSort(client, ['REVERSE', 'SIZE'], [{ type: 'ATOM', value: 'ALL' }])).slice(0, limit);
    if (top.length === 0) return [];
    const rows = await client.fetchAll(top.join(','), { uid: true, size: true }, { uid: true });
    return topBySize(
      rows.map((m) => ({ uid: m.uid, size: m.size ?? 0 })),
      limit,
    );
  }
  const candidates = await largerThanEnough(client, limit);
  if (candidates.length === 0) return [];
  const rows = await client.fetchAll(toSequenceSet(candidates), { uid: true, size: true }, { uid: true });
  return topBySize(
    rows.map((m) => ({ uid: m.uid, size: m.size ?? 0 })),
    limit,
  );
}

/**
 * Without SORT: `UID SEARCH LARGER n` from 1 MiB down, halving, until at least `limit` messages match (or every
 * message does), so only those sizes are fetched instead of the whole mailbox's (decision 022).
 */
async function largerThanEnough(client: ImapFlow, limit: number): Promise<number[]> {
  for (let threshold = 1 << 20; threshold >= 1024; threshold = Math.floor(threshold / 2)) {
    const found = await client.search({ larger: threshold }, { uid: true });
    if (Array.isArray(found) && found.length >= limit) return found;
  }
  const all = await client.search({ all: true }, { uid: true });
  return Array.isArray(all) ? all : [];
}
