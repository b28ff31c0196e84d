import { describe, expect, it } from 'vitest';
import { SEARCH_TEXT_MAX } from '@pigeon/shared';
import { isAppError } from '../../core/app-error.ts';
import {
  cleanText,
  isPlainFolder,
  pageAfter,
  parseListView,
  readsText,
  searchKeys,
  sortCriteria,
  splitTerms,
} from './list-view.ts';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : 'not an AppError';
  }
};

describe('parseListView', () => {
  it('defaults to the plain folder, newest first', () => {
    const v = parseListView({});
    expect(isPlainFolder(v)).toBe(true);
    expect(readsText(v)).toBe(false);
    expect(parseListView({ sort: 'from' }).order).toBe('asc');
    expect(parseListView({ sort: 'size' }).order).toBe('desc');
  });

  it('refuses too long text and bad dates with stable codes', () => {
    expect(codeOf(() => parseListView({ q: 'x'.repeat(SEARCH_TEXT_MAX + 1) }))).toBe('search.too_long');
    expect(codeOf(() => parseListView({ from: '학'.repeat(SEARCH_TEXT_MAX) }))).toBeNull();
    expect(codeOf(() => parseListView({ since: '2024-02-30' }))).toBe('search.invalid_date');
    expect(codeOf(() => parseListView({ since: 'yesterday' }))).toBe('search.invalid_date');
    expect(codeOf(() => parseListView({ since: '2024-03-02', until: '2024-03-01' }))).toBe('search.invalid_date');
  });

  it('cleans control characters and spaces, keeps Korean as typed (NFC)', () => {
    expect(cleanText(' a\u0000b\r\n  c\t', 'q')).toBe('a b c');
    expect(cleanText('\u1112\u1161\u11a8\u1100\u116d', 'q')).toBe('학교');
  });
});

describe('splitTerms', () => {
  it('splits words, keeps quoted phrases, drops duplicates, bounds the count', () => {
    expect(splitTerms('field "trip form" 학교 field')).toEqual(['field', 'trip form', '학교']);
    expect(splitTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(splitTerms('""')).toEqual([]);
  });
});

describe('searchKeys', () => {
  it('sends ASCII quoted and other text as a literal, every field ANDed', () => {
    const keys = searchKeys(
      parseListView({
        q: 'trip',
        from: 'kim',
        subject: '학교',
        unread: true,
        since: '2024-01-05',
        until: '2024-01-31',
      }),
    );
    expect(keys).toEqual([
      { type: 'ATOM', value: 'TEXT' },
      { type: 'STRING', value: 'trip' },
      { type: 'ATOM', value: 'FROM' },
      { type: 'STRING', value: 'kim' },
      { type: 'ATOM', value: 'SUBJECT' },
      { type: 'LITERAL', value: Buffer.from('학교') },
      { type: 'ATOM', value: 'SENTSINCE' },
      { type: 'ATOM', value: '5-Jan-2024' },
      { type: 'ATOM', value: 'SENTBEFORE' },
      { type: 'ATOM', value: '1-Feb-2024' },
      { type: 'ATOM', value: 'UNSEEN' },
    ]);
    expect(searchKeys(parseListView({}))).toEqual([{ type: 'ATOM', value: 'ALL' }]);
  });

  it('maps sort keys to RFC 5256 criteria', () => {
    expect(sortCriteria(parseListView({ sort: 'size' }), false)).toEqual(['REVERSE', 'SIZE']);
    expect(sortCriteria(parseListView({ sort: 'from' }), true)).toEqual(['DISPLAYFROM']);
    expect(sortCriteria(parseListView({ sort: 'from' }), false)).toEqual(['FROM']);
    expect(sortCriteria(parseListView({ sort: 'subject', order: 'desc' }), true)).toEqual(['REVERSE', 'SUBJECT']);
  });
});

describe('pageAfter', () => {
  const order = [9, 3, 7, 1, 5];
  it('pages after the anchor UID in the list order', () => {
    expect(pageAfter(order, undefined, 2)).toEqual({ uids: [9, 3], next: 3 });
    expect(pageAfter(order, 3, 2)).toEqual({ uids: [7, 1], next: 1 });
    expect(pageAfter(order, 1, 2)).toEqual({ uids: [5], next: null });
    expect(pageAfter(order, 7, 2)).toEqual({ uids: [1, 5], next: null });
  });
  it('says when the anchor is gone', () => {
    expect(codeOf(() => pageAfter(order, 4, 2))).toBe('list.anchor_gone');
  });
});
