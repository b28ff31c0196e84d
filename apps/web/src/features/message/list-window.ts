import { PAGE_SIZE } from '@pigeon/shared';

/**
 * The rows a virtual list keeps in the DOM (decision 024, round 2 part 6): a contiguous run of indexes around the
 * viewport. A scroll renders what comes on screen plus a few rows at once, and the rest of a page beyond the viewport
 * on each side is mounted in idle steps, so the frame after a scroll pays for the rows it shows, not for 100 more.
 */
export interface RowWindow {
  /** first and last rendered index (inclusive) */
  start: number;
  end: number;
  /** the viewport it was placed for */
  first: number;
  last: number;
  /** rows beyond the viewport on each side that are already filled in */
  reach: number;
}

/** rows beyond the viewport rendered in the same frame as the viewport (a small wheel step finds them there) */
export const NEAR_ROWS = 4;
/** rows beyond the viewport once the list is idle: a whole page, so a page scrolled at once is already drawn */
export const FULL_ROWS = PAGE_SIZE;
/** rows already drawn that a scroll keeps (they go in idle steps): removing them is work for the same frame */
export const KEEP_ROWS = 2 * PAGE_SIZE;
/** rows mounted on each side per idle step */
export const STEP_ROWS = 10;

const clamp = (i: number, count: number) => Math.min(Math.max(i, 0), count - 1);

/**
 * The window for viewport `first..last` of `count` rows. Where the viewport has not moved the window stays; where it
 * moved, the new viewport and `near` rows around it are added, and rows already drawn within `keep` of it stay
 * (a jump far away starts afresh). Pure.
 */
export function placeWindow(
  prev: RowWindow | null,
  first: number,
  last: number,
  count: number,
  near = NEAR_ROWS,
  keep = KEEP_ROWS,
): RowWindow | null {
  if (count <= 0 || first < 0 || last < first) return null;
  first = clamp(first, count);
  last = clamp(last, count);
  if (prev && prev.first === first && prev.last === last) {
    const end = Math.min(prev.end, count - 1);
    const start = Math.min(prev.start, end);
    return start === prev.start && end === prev.end ? prev : { ...prev, start, end };
  }
  const start = clamp(first - near, count);
  const end = clamp(last + near, count);
  if (!prev || prev.start > end + 1 || prev.end < start - 1) return { start, end, first, last, reach: near };
  return {
    start: Math.max(Math.min(prev.start, start), clamp(first - keep, count)),
    end: Math.min(Math.max(prev.end, end), clamp(last + keep, count)),
    first,
    last,
    reach: near,
  };
}

/**
 * One idle step: the window reaches `step` rows further on each side, up to `full`; once there, rows beyond `full`
 * are dropped. Null when there is nothing left to do. Pure.
 */
export function growWindow(w: RowWindow, count: number, step = STEP_ROWS, full = FULL_ROWS): RowWindow | null {
  if (count <= 0) return null;
  const reach = Math.min(w.reach + step, full);
  const lo = clamp(w.first - reach, count);
  const hi = clamp(w.last + reach, count);
  const next =
    reach < full
      ? { ...w, reach, start: Math.min(w.start, lo), end: Math.max(w.end, hi) }
      : { ...w, reach, start: lo, end: hi };
  return next.start === w.start && next.end === w.end && next.reach === w.reach ? null : next;
}

/**
 * Whether a row lies wholly inside the viewport, from what the virtualizer already knows (its scroll offset and
 * viewport height): then the open row needs no scroll. Asking the virtualizer to scroll to it anyway writes the
 * scroll position, which makes the browser lay the page out at once, in the middle of j/k. Unknown: false. Pure.
 */
export function rowInView(
  index: number,
  rowHeight: number,
  scrollOffset: number | null | undefined,
  viewportHeight: number | null | undefined,
): boolean {
  if (scrollOffset == null || !viewportHeight) return false;
  const top = index * rowHeight;
  return top >= scrollOffset && top + rowHeight <= scrollOffset + viewportHeight;
}
