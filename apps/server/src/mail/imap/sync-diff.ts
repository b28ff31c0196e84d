import type { MessageFlags } from '@pigeon/shared';

/** UID → flags of every message in a mailbox. */
export type Listing = ReadonlyMap<number, MessageFlags>;

export interface MessageDiff {
  /** ascending */
  added: number[];
  changed: { uid: number; flags: MessageFlags }[];
  /** ascending */
  removed: number[];
}

const sameFlags = (a: MessageFlags, b: MessageFlags) =>
  a.seen === b.seen && a.flagged === b.flagged && a.answered === b.answered && a.draft === b.draft;

/** The fallback for servers without CONDSTORE: compare two full UID/flags listings. Pure. */
export function diffListing(before: Listing, after: Listing): MessageDiff {
  const added: number[] = [];
  const changed: MessageDiff['changed'] = [];
  const removed: number[] = [];
  for (const [uid, flags] of after) {
    const old = before.get(uid);
    if (!old) added.push(uid);
    else if (!sameFlags(old, flags)) changed.push({ uid, flags });
  }
  for (const uid of before.keys()) if (!after.has(uid)) removed.push(uid);
  const asc = (a: number, b: number) => a - b;
  return { added: added.sort(asc), changed: changed.sort((a, b) => a.uid - b.uid), removed: removed.sort(asc) };
}

/**
 * CONDSTORE/QRESYNC answer → diff: rows from `UID FETCH 1:* (FLAGS) (CHANGEDSINCE m VANISHED)`, UIDs from
 * VANISHED (EARLIER). A row at or above the old UIDNEXT is new; below it, only its flags changed. Pure.
 */
export function diffChangedSince(
  rows: readonly { uid: number; flags: MessageFlags }[],
  vanished: Iterable<number>,
  since: { uidNext: number },
): MessageDiff {
  const removedSet = new Set(vanished);
  const added: number[] = [];
  const changed: MessageDiff['changed'] = [];
  for (const row of rows) {
    if (removedSet.has(row.uid)) continue;
    if (row.uid >= since.uidNext) added.push(row.uid);
    else changed.push({ uid: row.uid, flags: row.flags });
  }
  const asc = (a: number, b: number) => a - b;
  // a message added and expunged in between was never seen by the client: nothing to remove
  const removed = [...removedSet].filter((uid) => uid < since.uidNext).sort(asc);
  return { added: added.sort(asc), changed: changed.sort((a, b) => a.uid - b.uid), removed };
}
