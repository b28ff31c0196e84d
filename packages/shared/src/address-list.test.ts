import { describe, expect, it } from 'vitest';
import { formatAddress, isValidAddress, parseAddressList, uniqueAddresses } from './address-list.ts';

describe('parseAddressList', () => {
  it('reads bare addresses, names, quoted names with commas, and both separators', () => {
    expect(parseAddressList('a@school.test, Bob <bob@school.test>; "Kim, Minji" <minji@school.test>')).toEqual([
      { raw: 'a@school.test', name: '', address: 'a@school.test', valid: true },
      { raw: 'Bob <bob@school.test>', name: 'Bob', address: 'bob@school.test', valid: true },
      { raw: '"Kim, Minji" <minji@school.test>', name: 'Kim, Minji', address: 'minji@school.test', valid: true },
    ]);
  });

  it('marks what cannot be an address, and skips empty entries', () => {
    const parsed = parseAddressList('bob, , 김민지 <minji@school>, x@y.z,');
    expect(parsed.map((p) => [p.address, p.valid])).toEqual([
      ['bob', false],
      ['minji@school', true],
      ['x@y.z', true],
    ]);
    expect(parsed[1]!.name).toBe('김민지');
    expect(parseAddressList('   ')).toEqual([]);
  });

  it('keeps escaped quotes inside a quoted name', () => {
    expect(parseAddressList('"A \\"B\\" C" <a@b.c>')[0]).toMatchObject({ name: 'A "B" C', address: 'a@b.c' });
  });
});

describe('isValidAddress', () => {
  it.each([
    ['alice@school.test', true],
    ['alice+tag@sub.school.test', true],
    ['alice@', false],
    ['@school.test', false],
    ['a..b@school.test', false],
    ['.a@school.test', false],
    ['a b@school.test', false],
    ['한글@school.test', false],
    [`${'a'.repeat(65)}@school.test`, false],
  ])('%s → %s', (address, valid) => expect(isValidAddress(address)).toBe(valid));
});

describe('formatAddress / uniqueAddresses', () => {
  it('quotes names that need it', () => {
    expect(formatAddress({ name: 'Kim, Minji', address: 'm@s.t' })).toBe('"Kim, Minji" <m@s.t>');
    expect(formatAddress({ name: 'Bob', address: 'b@s.t' })).toBe('Bob <b@s.t>');
    expect(formatAddress({ name: '', address: 'b@s.t' })).toBe('b@s.t');
  });
  it('drops repeats case-insensitively, first one wins', () => {
    expect(
      uniqueAddresses([
        { name: 'A', address: 'A@s.t' },
        { name: 'a', address: 'a@s.t' },
        { name: '', address: '' },
      ]),
    ).toEqual([{ name: 'A', address: 'A@s.t' }]);
  });
});
