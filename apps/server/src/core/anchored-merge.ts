import type { MessageSummary } from '@pigeon/shared';
import type { AppError } from './app-error.ts';

// Paging over several sources that each page newest first on their own server (the folders of an all-folders search,
// decision 032; the accounts of the unified inbox, decision 034): a merge by date, and a cursor that keeps where
// each source continues, so paging is stable however the sources interleave.

/** Where each source continues: the last UID shown (its next page is `before` it), or DONE when none is left. */
export type Anchors = Record<string, number>;
export const DONE = 0;

/** How one kind of cursor is written and checked: its version tag, how many sources it may name, its error. */
export interface CursorSpec {
  tag: string;
  maxSources: number;
  validSource?: (source: string) => boolean;
  invalid: () => AppError;
}

/** The cursor of `anchors`: base64url JSON. Pure. */
export const encodeAnchors = (spec: CursorSpec, anchors: Anchors): string =>
  Buffer.from(JSON.stringify({ [spec.tag]: 1, a: anchors })).toString('base64url');

/** The anchors of a cursor (none: the first page); anything it did not write answers `spec.invalid()`. Pure. */
export function decodeAnchors(spec: CursorSpec, cursor: string | undefined): Anchors {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw spec.invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw spec.invalid();
  const { a } = parsed as { a?: unknown };
  if ((parsed as Record<string, unknown>)[spec.tag] !== 1 || typeof a !== 'object' || a === null || Array.isArray(a))
    throw spec.invalid();
  const entries = Object.entries(a as Record<string, unknown>);
  if (entries.length > spec.maxSources) throw spec.invalid();
  const anchors: Anchors = Object.create(null) as Anchors;
  for (const [source, uid] of entries) {
    if (spec.validSource && !spec.validSource(source)) throw spec.invalid();
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0 || uid > 0xffffffff) throw spec.invalid();
    anchors[source] = uid;
  }
  return anchors;
}

/** One source's next rows in its own order (newest first), and whether more follow them. */
export interface SourceRows {
  source: string;
  rows: MessageSummary[];
  more: boolean;
}

const time = (row: MessageSummary) => Date.parse(row.date) || 0;

/**
 * The newest `limit` rows of all sources: a k-way merge keeping each source's own order (between sources the newer
 * date first, a tie to the earlier source), and the anchors after it (a source not reached keeps its anchor). Pure.
 */
export function mergeNewestFirst(
  sources: readonly SourceRows[],
  anchors: Anchors,
  limit: number,
): { picked: { row: MessageSummary; source: string }[]; anchors: Anchors; more: boolean } {
  const next: Anchors = { ...anchors };
  const at = sources.map(() => 0);
  const picked: { row: MessageSummary; source: string }[] = [];
  while (picked.length < limit) {
    let best = -1;
    for (let i = 0; i < sources.length; i++) {
      const row = sources[i]!.rows[at[i]!];
      if (!row) continue;
      const current = best === -1 ? undefined : sources[best]!.rows[at[best]!];
      if (!current || time(row) > time(current)) best = i;
    }
    if (best === -1) break;
    const s = sources[best]!;
    const row = s.rows[at[best]!]!;
    at[best]! += 1;
    picked.push({ row, source: s.source });
    next[s.source] = row.uid;
  }
  let more = false;
  sources.forEach((s, i) => {
    const left = at[i]! < s.rows.length || s.more;
    if (!left) next[s.source] = DONE;
    more ||= left;
  });
  return { picked, anchors: next, more };
}
