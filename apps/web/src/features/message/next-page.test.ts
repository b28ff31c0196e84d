import { describe, expect, it } from 'vitest';
import { wantsNextPage } from './next-page';

describe('wantsNextPage', () => {
  const base = { lastVisible: 9, loaded: 50, hasMore: true, busy: false, ahead: 100 };

  it('keeps `ahead` rows loaded below the last visible one', () => {
    expect(wantsNextPage(base)).toBe(true); // 40 rows left below
    expect(wantsNextPage({ ...base, loaded: 150 })).toBe(false); // 140 left
    expect(wantsNextPage({ ...base, loaded: 110 })).toBe(false); // exactly 100 left
    expect(wantsNextPage({ ...base, loaded: 109 })).toBe(true);
  });

  it('never while a page is on its way, at the end of the folder, or before anything is shown', () => {
    expect(wantsNextPage({ ...base, busy: true })).toBe(false);
    expect(wantsNextPage({ ...base, hasMore: false })).toBe(false);
    expect(wantsNextPage({ ...base, lastVisible: -1 })).toBe(false);
  });
});
