import { describe, expect, it } from 'vitest';
import { quotaLevel } from './capacity.ts';
import { FolderSizeCache } from './folder-size-cache.ts';

describe('quotaLevel', () => {
  it('is ok below 90 %, warning from 90 %, full from 100 %', () => {
    expect(quotaLevel(0, 1000)).toBe('ok');
    expect(quotaLevel(899, 1000)).toBe('ok');
    expect(quotaLevel(900, 1000)).toBe('warning');
    expect(quotaLevel(999, 1000)).toBe('warning');
    expect(quotaLevel(1000, 1000)).toBe('full');
    expect(quotaLevel(1500, 1000)).toBe('full');
  });
});

describe('FolderSizeCache', () => {
  it('answers only for the same stamp and forgets the oldest past its bound', () => {
    const cache = new FolderSizeCache(2);
    cache.set('u', 'INBOX', '1:10:9', 500);
    expect(cache.get('u', 'INBOX', '1:10:9')).toBe(500);
    expect(cache.get('u', 'INBOX', '1:11:10')).toBeUndefined();
    expect(cache.get('other', 'INBOX', '1:10:9')).toBeUndefined();
    cache.set('u', 'Sent', 's', 1);
    cache.set('u', 'Trash', 't', 2);
    expect(cache.get('u', 'INBOX', '1:10:9')).toBeUndefined();
    expect(cache.get('u', 'Trash', 't')).toBe(2);
  });
});
