import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeEmail } from './email-address.ts';

describe('normalizeEmail', () => {
  it.each([
    ['alice@school.test', 'alice@school.test'],
    ['  Alice@School.TEST ', 'alice@school.test'],
    ['first.last+tag@mail.example.org', 'first.last+tag@mail.example.org'],
    ["o'brien@example.com", "o'brien@example.com"],
    ['a@b', 'a@b'],
    ['x@sub-domain.example', 'x@sub-domain.example'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'alice',
    'alice@',
    '@school.test',
    'alice@@school.test',
    'alice@school..test',
    'alice@-school.test',
    'alice@school-.test',
    'alice@school.test.',
    'al ice@school.test',
    'alice@sch ool.test',
    '"alice"@school.test',
    '.alice@school.test',
    'alice.@school.test',
    'al..ice@school.test',
    'alice@school.test\r\nBcc: x@y',
    'alice@[127.0.0.1]',
    `${'a'.repeat(65)}@school.test`,
    `a@${'b'.repeat(250)}.test`,
    `alice@${'a'.repeat(64)}.test`,
  ])('rejects %j', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('emailDomain', () => {
  it('returns the part after the last @', () => {
    expect(emailDomain('alice@school.test')).toBe('school.test');
  });
});
