import type { UidlEntry } from './pop3-listing.ts';

/** What the ledger knows about one UIDL (Pop3Download row). */
export interface LedgerEntry {
  uidl: string;
  state: 'claimed' | 'previewed' | 'stored' | 'skipped';
  storedAt: Date | null;
  removeFromServer: boolean;
}

export interface Pop3Options {
  leaveOnServer: boolean;
  /** null: keep on the server */
  deleteAfterDays: number | null;
  deleteWhenTrashed: boolean;
}

export interface CheckPlan {
  /** on the server, not stored yet (new, or claimed/previewed by a run that died): download, in server order */
  download: UidlEntry[];
  /** of `download`, the ones with no row yet or only a claim: with `previewFirst` they get a TOP pass first */
  unseen: UidlEntry[];
  /** stored messages to remove from the server now (DELE, committed by QUIT) */
  remove: UidlEntry[];
  /** ledger UIDLs the server no longer lists */
  gone: string[];
  /** many new messages: list them from headers (TOP) before any body (RETR) */
  previewFirst: boolean;
}

const DAY = 86_400_000;

/**
 * Decides one check from the server's UIDL listing and the ledger: pure, so the options (leave a copy, delete
 * after N days, delete when removed from Trash) are tested with an injected clock.
 */
export function planCheck(
  listing: UidlEntry[],
  ledger: Map<string, LedgerEntry>,
  options: Pop3Options,
  now: Date,
  previewThreshold: number,
): CheckPlan {
  const download: UidlEntry[] = [];
  const unseen: UidlEntry[] = [];
  const remove: UidlEntry[] = [];
  const listed = new Set<string>();
  for (const e of listing) {
    listed.add(e.uidl);
    const row = ledger.get(e.uidl);
    if (!row || row.state === 'claimed' || row.state === 'previewed') {
      download.push(e);
      if (!row || row.state === 'claimed') unseen.push(e);
      continue;
    }
    if (row.state === 'skipped' || !row.storedAt) continue;
    if (shouldRemove(row, options, now)) remove.push(e);
  }
  const gone = [...ledger.keys()].filter((u) => !listed.has(u));
  return { download, unseen, remove, gone, previewFirst: unseen.length > previewThreshold };
}

/** A stored message leaves the server when no copy is kept, when its days are up, or when it left Trash. */
export function shouldRemove(row: Pick<LedgerEntry, 'storedAt' | 'removeFromServer'>, o: Pop3Options, now: Date) {
  if (!row.storedAt) return false;
  if (!o.leaveOnServer) return true;
  if (o.deleteWhenTrashed && row.removeFromServer) return true;
  return o.deleteAfterDays !== null && now.getTime() - row.storedAt.getTime() >= o.deleteAfterDays * DAY;
}

/**
 * Splits the messages to fetch into batches of at most `maxCount` messages and, by the server's LIST sizes, at most
 * `maxBytes` (a batch always holds at least one), so a batch's pipelined RETRs and transaction stay bounded in
 * memory however large the messages are. Pure.
 */
export function batchesOf<T extends { n: number }>(
  entries: T[],
  sizes: Map<number, number>,
  maxCount: number,
  maxBytes: number,
): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = sizes.get(e.n) ?? 0;
    if (batch.length && (batch.length >= maxCount || bytes + size > maxBytes)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
}
