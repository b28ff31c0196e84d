import { describe, expect, it } from 'vitest';
import { baseSubject, displayFrom, fromSortValue, orderByKeys, subjectSortValue } from './list-order.ts';

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

describe('sort values read from a raw header field (the fallback without SORT)', () => {
  const raw = (s: string) => Buffer.from(s);

  it('gives the sender as displayFrom of the envelope would: the decoded name, else the address', () => {
    expect(fromSortValue(raw('From: Bob Lee <bob@x.test>\r\n\r\n'))).toBe('bob lee');
    expect(fromSortValue(raw('From: =?UTF-8?B?6rmA7ISg7IOd?= <kim@x.test>\r\n\r\n'))).toBe('김선생');
    expect(fromSortValue(raw('From: =?euc-kr?B?x+DBpL3H?= <office@x.test>\r\n\r\n'))).toBe(
      displayFrom({ name: '행정실' }),
    );
    expect(fromSortValue(raw('From: Alice@X.test\r\n\r\n'))).toBe('alice@x.test');
    expect(fromSortValue(raw('From: "Lee,\r\n Bob" <bob@x.test>\r\n\r\n'))).toBe('lee, bob');
    expect(fromSortValue(raw('From: 김 <k@x.test>\r\n\r\n'))).toBe('김'); // raw UTF-8 (RFC 6532)
    expect(fromSortValue(raw('\r\n'))).toBe('');
    expect(fromSortValue(undefined)).toBe('');
  });

  it('gives the base subject, decoded; a hostile field is read to a bound', () => {
    expect(subjectSortValue(raw('Subject: Re: =?UTF-8?B?7ZiE7J6l7ZWZ7Iq1?=\r\n\r\n'))).toBe('현장학습');
    expect(subjectSortValue(raw('Subject: Fwd: Lunch\r\n\r\n'))).toBe('lunch');
    const long = subjectSortValue(raw(`Subject: ${'a'.repeat(1_000_000)}\r\n\r\n`));
    expect(long.length).toBeLessThan(8192);
  });

  it('orders many messages of few senders as the collator does, equal names by UID', () => {
    const names = ['bob', 'Bob', 'alice', 'Émile', 'emile', 'zed', '김', 'x2', 'x10'];
    const keys = Array.from({ length: 2000 }, (_, i) => ({ uid: i + 1, value: names[(i * 7) % names.length]! }));
    const collator = new Intl.Collator('und', { sensitivity: 'base', numeric: true });
    const expected = [...keys].sort((a, b) => collator.compare(a.value, b.value) || a.uid - b.uid).map((k) => k.uid);
    expect(orderByKeys(keys, { order: 'asc' })).toEqual(expected);
    const desc = [...keys].sort((a, b) => -collator.compare(a.value, b.value) || a.uid - b.uid).map((k) => k.uid);
    expect(orderByKeys(keys, { order: 'desc' })).toEqual(desc);
  });
});
