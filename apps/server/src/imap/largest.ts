import type { ImapFlow } from 'imapflow';
import { canSort, uidSort } from './search-sort.ts';

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
 * orders them and only `limit` sizes are fetched; without it one FETCH 1:* (UID RFC822.SIZE) is ranked here.
 * Invariant: a mailbox is selected (run under the mailbox lock).
 */
export async function largestInMailbox(client: ImapFlow, limit: number): Promise<SizedUid[]> {
  if (!client.mailbox || client.mailbox.exists === 0 || limit <= 0) return [];
  if (canSort(client)) {
    const top = (await uidSort(client, ['REVERSE', 'SIZE'], [{ type: 'ATOM', value: 'ALL' }])).slice(0, limit);
    if (top.length === 0) return [];
    const rows = await client.fetchAll(top.join(','), { uid: true, size: true }, { uid: true });
    return topBySize(
      rows.map((m) => ({ uid: m.uid, size: m.size ?? 0 })),
      limit,
    );
  }
  const rows: SizedUid[] = [];
  for await (const m of client.fetch('1:*', { uid: true, size: true })) rows.push({ uid: m.uid, size: m.size ?? 0 });
  return topBySize(rows, limit);
}
