import type { FoundMessage, MessageSummary } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';
import {
  decodeAnchors,
  encodeAnchors,
  mergeNewestFirst,
  type Anchors,
  type CursorSpec,
} from '../../core/anchored-merge.ts';

// Search in all folders without MULTISEARCH (decision 032): each folder's matches in date order, merged by the
// shared anchored merge; the cursor keeps where each folder's results continue.

export { DONE, type Anchors } from '../../core/anchored-merge.ts';

export const invalidCursor = () =>
  new AppError(400, 'search.invalid_cursor', 'This page of results is no longer valid. Search again.');

/** Most folders one cursor may name (every folder of a large account fits). */
const CURSOR: CursorSpec = { tag: 'v', maxSources: 2000, invalid: invalidCursor };

/** The cursor of `anchors`: base64url JSON. Pure. */
export const encodeCursor = (anchors: Anchors): string => encodeAnchors(CURSOR, anchors);

/** The anchors of a cursor (none: the first page); anything malformed answers search.invalid_cursor. Pure. */
export const decodeCursor = (cursor: string | undefined): Anchors => decodeAnchors(CURSOR, cursor);

/** One folder's next rows in its own date order (newest first), and whether more follow them. */
export interface FolderRows {
  path: string;
  rows: MessageSummary[];
  more: boolean;
}

/** The newest `limit` rows of all folders (ties by the folders' order, which is path order), and the anchors after. */
export function mergeByDate(
  folders: readonly FolderRows[],
  anchors: Anchors,
  limit: number,
): { messages: FoundMessage[]; anchors: Anchors; more: boolean } {
  const merged = mergeNewestFirst(
    folders.map((f) => ({ source: f.path, rows: f.rows, more: f.more })),
    anchors,
    limit,
  );
  return {
    messages: merged.picked.map(({ row, source }) => ({ ...row, path: source })),
    anchors: merged.anchors,
    more: merged.more,
  };
}
