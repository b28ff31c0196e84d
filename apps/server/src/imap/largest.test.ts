import { describe, expect, it } from 'vitest';
import { topBySize } from './largest.ts';

describe('topBySize', () => {
  it('keeps the largest, largest first, newer UID first on a tie', () => {
    const rows = [
      { uid: 1, size: 10 },
      { uid: 2, size: 300 },
      { uid: 3, size: 50 },
      { uid: 4, size: 300 },
      { uid: 5, size: 1 },
    ];
    expect(topBySize(rows, 3)).toEqual([
      { uid: 4, size: 300 },
      { uid: 2, size: 300 },
      { uid: 3, size: 50 },
    ]);
    expect(topBySize(rows, 0)).toEqual([]);
    expect(topBySize([], 5)).toEqual([]);
    expect(rows[0]).toEqual({ uid: 1, size: 10 }); // the input is left alone
  });
});
