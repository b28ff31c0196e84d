import type { ImapFlow } from 'imapflow';

interface ExecInternals {
  exec(
    command: string,
    attributes: unknown[],
    options?: { untagged?: Record<string, (untagged: SortUntagged) => Promise<void>> },
  ): Promise<{ next(): void }>;
}
interface SortUntagged {
  numbers?: number[];
  attributes?: { value?: unknown }[];
}

export interface SizedUid {
  uid: number;
  size: number;
}

/** The `limit` largest of `rows`, largest first (ties: newer UID first). Pure. */
export function topBySize(rows: readonly SizedUid[], limit: number): SizedUid[] {
  return [...rows].sort((a, b) => b.size - a.size || b.uid - a.uid).slice(0, Math.max(0, limit));
}

/** Every UID of the selected mailbox, largest first, by the server's `UID SORT (REVERSE SIZE)` (RFC 5256). */
async function sortedBySize(client: ImapFlow): Promise<number[]> {
  const uids: number[] = [];
  const atom = (value: string) => ({ type: 'ATOM', value });
  const response = await (client as unknown as ExecInternals).exec(
    'UID SORT',
    [[atom('REVERSE'), atom('SIZE')], atom('UTF-8'), atom('ALL')],
    {
      untagged: {
        SORT: async (untagged) => {
          const values = untagged.numbers ?? (untagged.attributes ?? []).map((a) => Number(a.value));
          for (const v of values) if (Number.isSafeInteger(v) && v > 0) uids.push(v);
        },
      },
    },
  );
  response.next();
  return uids;
}

/**
 * UIDs and sizes of the `limit` largest messages of the selected mailbox, largest first. With SORT the server
 * orders them and only `limit` sizes are fetched; without it one FETCH 1:* (UID RFC822.SIZE) is ranked here.
 * Invariant: a mailbox is selected (run under the mailbox lock).
 */
export async function largestInMailbox(client: ImapFlow, limit: number): Promise<SizedUid[]> {
  if (!client.mailbox || client.mailbox.exists === 0 || limit <= 0) return [];
  if (client.capabilities.has('SORT')) {
    const top = (await sortedBySize(client)).slice(0, limit);
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
