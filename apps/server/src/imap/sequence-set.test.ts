import { describe, expect, it } from 'vitest';
import { toSequenceSet } from './sequence-set.ts';

describe('toSequenceSet', () => {
  it('sorts, deduplicates and joins runs into ranges', () => {
    expect(toSequenceSet([9, 1, 2, 3, 7, 3, 10, 11, 12])).toBe('1:3,7,9:12');
    expect(toSequenceSet([5])).toBe('5');
  });

  it('ignores anything that is not a positive integer', () => {
    expect(toSequenceSet([0, -1, 2.5, 4])).toBe('4');
    expect(toSequenceSet([])).toBe('');
  });

  it('keeps 5,000 consecutive UIDs as one range', () => {
    expect(toSequenceSet(Array.from({ length: 5000 }, (_, i) => 1000 + i))).toBe('1000:5999');
  });
});
