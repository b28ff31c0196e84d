import { describe, expect, it } from 'vitest';
import { folderNameProblem, modifiedUtf7Length, normalizeFolderName } from './folders.schemas.ts';

describe('modifiedUtf7Length', () => {
  it('counts what the IMAP server stores (RFC 3501 examples and Dovecot-measured cases)', () => {
    expect(modifiedUtf7Length('Projects')).toBe(8);
    expect(modifiedUtf7Length('A&B')).toBe(4); // A&-B
    expect(modifiedUtf7Length('학교 공지')).toBe('&1VmtUA- &rPXJwA-'.length);
    expect(modifiedUtf7Length('나'.repeat(80))).toBeLessThanOrEqual(255); // Dovecot accepted it
    expect(modifiedUtf7Length('가'.repeat(100))).toBeGreaterThan(255); // Dovecot: "Mailbox name too long"
    expect(modifiedUtf7Length('🎉')).toBe(2 + Math.ceil((2 * 16) / 6));
  });
});

describe('folderNameProblem', () => {
  it('accepts names in any script', () => {
    for (const name of ['학교 공지', '🎉 Party 😀', 'A&B', '.hidden', 'Ünïcødé', 'x'.repeat(100)])
      expect(folderNameProblem(name, '/'), name).toBeNull();
  });

  it('refuses the delimiter (another folder), dot names, controls, wildcards and lone surrogates', () => {
    for (const name of ['', '.', '..', 'a/b', '/', 'a\tb', 'a\r\nb', 'a\u0000', 'a%b', 'a*b', '\ud83c', 'a\u2028b'])
      expect(folderNameProblem(name, '/'), JSON.stringify(name)).toBe('invalid_name');
    expect(folderNameProblem('a.b', '.')).toBe('invalid_name');
    expect(folderNameProblem('a/b', '.')).toBeNull();
  });

  it('bounds the length in characters and in encoded bytes', () => {
    expect(folderNameProblem('x'.repeat(101), '/')).toBe('name_too_long');
    expect(folderNameProblem('가'.repeat(100), '/')).toBe('name_too_long');
    expect(folderNameProblem('가'.repeat(80), '/')).toBeNull();
  });
});

describe('normalizeFolderName', () => {
  it('composes Hangul typed decomposed and trims', () => {
    const decomposed = '학교'.normalize('NFD');
    expect(decomposed).not.toBe('학교');
    expect(normalizeFolderName(`  ${decomposed} `)).toBe('학교');
  });
});
