import { describe, expect, it } from 'vitest';
import { baseSubject, displayFrom, orderByKeys } from './list-order.ts';

describe('baseSubject', () => {
  it('drops reply and forward prefixes, list tags and case', () => {
    expect(baseSubject('Re: Fwd: RE[2]: Lunch')).toBe('lunch');
    expect(baseSubject('[school] Re: 현장학습')).toBe('현장학습');
    expect(baseSubject('답장: 회신: 공지')).toBe('공지');
    expect(baseSubject('Report (fwd)')).toBe('report');
    expect(baseSubject('Regards')).toBe('regards');
  });
});

describe('orderByKeys', () => {
  it('orders numbers and texts either way, ties by UID', () => {
    const sizes = [
      { uid: 1, value: 300 },
      { uid: 2, value: 100 },
      { uid: 3, value: 300 },
    ];
    expect(orderByKeys(sizes, { order: 'desc' })).toEqual([1, 3, 2]);
    expect(orderByKeys(sizes, { order: 'asc' })).toEqual([2, 1, 3]);
    const names = [
      { uid: 5, value: displayFrom({ name: 'bob' }) },
      { uid: 6, value: displayFrom({ address: 'Alice@x.test' }) },
      { uid: 7, value: displayFrom({ name: '김선생' }) },
    ];
    expect(orderByKeys(names, { order: 'asc' })).toEqual([6, 5, 7]);
  });
});
