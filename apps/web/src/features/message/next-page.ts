import { PAGE_SIZE } from '@pigeon/shared';

/** Rows kept loaded below the last row on screen: two pages, so a whole page scrolled at once still finds rows. */
export const ROWS_AHEAD = 2 * PAGE_SIZE;

/**
 * Whether the list should fetch its next page now (decision 024): before the user reaches the end of what is loaded,
 * while fewer than `ahead` loaded rows are left below the last visible row. Pure.
 */
export function wantsNextPage(s: {
  /** index of the last row in the viewport (not the overscan), -1 when none is shown */
  lastVisible: number;
  loaded: number;
  hasMore: boolean;
  busy: boolean;
  ahead?: number;
}): boolean {
  if (!s.hasMore || s.busy || s.lastVisible < 0) return false;
  return s.loaded - 1 - s.lastVisible < (s.ahead ?? ROWS_AHEAD);
}
