import type { MessageSummary } from '@pigeon/shared';

/** At most this many new rows ride in one `message.added` event; past it, devices ask `changes` (decision 024). */
export const PUSH_MAX_ROWS = 50;
/** ...and at most this many bytes of them as JSON (a row with a long subject and preview is about 1 KB). */
export const PUSH_MAX_BYTES = 64 * 1024;

/**
 * The rows to push with a `message.added` event: every added UID's row, within the bounds, or undefined (the event
 * then carries the UIDs alone and each device fetches the rows). Pure.
 */
export function pushableRows(
  uids: readonly number[],
  rows: readonly MessageSummary[],
  bounds = { rows: PUSH_MAX_ROWS, bytes: PUSH_MAX_BYTES },
): MessageSummary[] | undefined {
  if (uids.length === 0 || uids.length > bounds.rows) return undefined;
  const byUid = new Map(rows.map((r) => [r.uid, r]));
  const picked: MessageSummary[] = [];
  // a UID without its row (expunged between the diff and the FETCH): the devices' own `changes` call settles it
  for (const uid of uids) {
    const row = byUid.get(uid);
    if (!row) return undefined;
    picked.push(row);
  }
  return Buffer.byteLength(JSON.stringify(picked)) <= bounds.bytes ? picked : undefined;
}
