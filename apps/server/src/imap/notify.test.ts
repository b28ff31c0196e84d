import { describe, expect, it } from 'vitest';
import { decodeModifiedUtf7, parseStatusResponse } from './notify.ts';

describe('decodeModifiedUtf7', () => {
  it('decodes Korean, ampersands and plain names', () => {
    expect(decodeModifiedUtf7('&1VmtUA- &rPXJwA-')).toBe('학교 공지');
    expect(decodeModifiedUtf7('Tom &- Jerry')).toBe('Tom & Jerry');
    expect(decodeModifiedUtf7('Projects/Alpha')).toBe('Projects/Alpha');
  });
});

describe('parseStatusResponse', () => {
  const a = (value: string) => ({ type: 'ATOM', value });
  it('reads the items the server sent (Dovecot NOTIFY after a flag change sends only some)', () => {
    expect(
      parseStatusResponse({ attributes: [a('Other'), [a('UNSEEN'), a('0'), a('HIGHESTMODSEQ'), a('3')]] }, false),
    ).toEqual({ path: 'Other', unseen: 0, highestModseq: '3' });
    expect(
      parseStatusResponse(
        {
          attributes: [
            a('&1VmtUA- &rPXJwA-'),
            [a('MESSAGES'), a('1'), a('UIDNEXT'), a('2'), a('UIDVALIDITY'), a('1795732117'), a('UNSEEN'), a('1')],
          ],
        },
        false,
      ),
    ).toEqual({ path: '학교 공지', messages: 1, uidNext: 2, uidValidity: '1795732117', unseen: 1 });
  });

  it('returns null for a malformed response', () => {
    expect(parseStatusResponse({ attributes: [] }, false)).toBeNull();
    expect(parseStatusResponse({ attributes: [a('X'), a('MESSAGES')] }, false)).toBeNull();
  });
});
