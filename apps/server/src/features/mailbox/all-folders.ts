import type { FoundMessage, MessageSummary } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';

// Search in all folders without MULTISEARCH (decision 032): each folder's matches in date order, merged here; the
// cursor keeps where each folder's results continue, so paging is stable however the folders interleave.

/** Where each folder's results continue: the last UID shown, or DONE when none is left. */
export type Anchors = Record<string, number>;
export const DONE = 0;
/** Most folders one cursor may name (every folder of a large account fits). */
const MAX_FOLDERS = 2000;

export const invalidCursor = () =>
  new AppError(400, 'search.invalid_cursor', 'This page of results is no longer valid. Search again.');

/** The cursor of `anchors`: base64url JSON. Pure. */
export const encodeCursor = (anchors: Anchors): string =>
  Buffer.from(JSON.stringify({ v: 1, a: anchors })).toString('base64url');

/** The anchors of a cursor (none: the first page); anything malformed answers search.invalid_cursor. Pure. */
export function decodeCursor(cursor: string | undefined): Anchors {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { v, a } = parsed as { v?: unknown; a?: unknown };
  if (v !== 1 || typeof a !== 'object' || a === null || Array.isArray(a)) throw invalidCursor();
  const entries = Object.entries(a as Record<string, unknown>);
  if (entries.length > MAX_FOLDERS) throw invalidCursor();
  const anchors: Anchors = Object.create(null) as Anchors;
  for (const [path, uid] of entries) {
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0 || uid > 0xffffffff) throw invalidCursor();
    anchors[path] = uid;
  }
  return anchors;
}

/** One folder's next rows in its own date order (newest first), and whether more follow them. */
export interface FolderRows {
  path: string;
  rows: MessageSummary[];
  more: boolean;
}

const time = (row: MessageSummary) => Date.parse(row.date) || 0;

/**
 * The newest `limit` rows of all folders: a k-way merge of each folder's rows (kept in the folder's own order; between
 * folders the newer date first, ties by path), and the anchors after it (folders not reached keep theirs). Pure.
 */
export function mergeByDate(
  folders: readonly FolderRows[],
  anchors: Anchors,
  limit: number,
): { messages: FoundMessage[]; anchors: Anchors; more: boolean } {
  const next: Anchors = { ...anchors };
  const at = folders.map(() => 0);
  const messages: FoundMessage[] = [];
  while (messages.length < limit) {
    let best = -1;
    for (let i = 0; i < folders.length; i++) {
      const row = folders[i]!.rows[at[i]!];
      if (!row) continue;
      const current = best === -1 ? undefined : folders[best]!.rows[at[best]!];
      if (!current || time(row) > time(current)) best = i;
    }
    if (best === -1) break;
    const f = folders[best]!;
    const row = f.rows[at[best]!]!;
    at[best]! += 1;
    messages.push({ ...row, path: f.path });
    next[f.path] = row.uid;
  }
  let more = false;
  folders.forEach((f, i) => {
    const left = at[i]! < f.rows.length || f.more;
    if (!left) next[f.path] = DONE;
    more ||= left;
  });
  return { messages, anchors: next, more };
}
