import { describe, expect, it } from 'vitest';
import { expandUidSet } from './uid-set.ts';

describe('expandUidSet', () => {
  it('expands ranges in the order written, both directions', () => {
    expect(expandUidSet('1:3,7,12:10', 100)).toEqual([1, 2, 3, 7, 12, 11, 10]);
  });
  it('stops at the bound and skips junk a server might send', () => {
    expect(expandUidSet('1:4294967295', 5)).toEqual([1, 2, 3, 4, 5]);
    expect(expandUidSet('0,x,*,5:', 10)).toEqual([]);
    expect(expandUidSet('', 10)).toEqual([]);
  });
});
