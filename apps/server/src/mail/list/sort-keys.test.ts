import { describe, expect, it } from 'vitest';
import { SortKeyCache } from './sort-keys.ts';

const scope = { owner: 'a', path: 'INBOX', uidValidity: '7', field: 'from' as const };

describe('SortKeyCache', () => {
  it('keeps values per account, folder, UIDVALIDITY and field', () => {
    const cache = new SortKeyCache();
    cache.folder(scope).set(1, 'kim');
    expect(cache.folder(scope).value(1)).toBe('kim');
    for (const other of [
      { ...scope, owner: 'b' },
      { ...scope, path: 'Sent' },
      { ...scope, uidValidity: '8' },
      { ...scope, field: 'subject' as const },
    ])
      expect(cache.folder(other).has(1)).toBe(false);
  });

  it('stores a distinct text once, and forgets UIDs no longer in the folder', () => {
    const keys = new SortKeyCache().folder(scope);
    keys.set(1, 'kim');
    const one = keys.bytes;
    keys.set(2, 'kim');
    keys.set(3, 'lee');
    expect(keys.bytes - one).toBeLessThan(2 * one);
    expect(keys.keepOnly([1, 3])).toBe(1);
    expect([keys.value(1), keys.value(2), keys.value(3), keys.count]).toEqual(['kim', undefined, 'lee', 2]);
  });

  it('holds to its byte bound, least recently used folder out first', () => {
    const cache = new SortKeyCache(15_000);
    const fill = (path: string) => {
      const keys = cache.folder({ ...scope, path, field: 'size' });
      for (let uid = 1; uid <= 100; uid++) keys.set(uid, uid * 10);
      cache.trim();
    };
    fill('A');
    fill('B');
    cache.folder({ ...scope, path: 'A', field: 'size' }); // A is now the most recently used
    fill('C');
    expect(cache.size).toBeLessThanOrEqual(15_000);
    expect(cache.folder({ ...scope, path: 'A', field: 'size' }).count).toBe(100);
    expect(cache.folder({ ...scope, path: 'B', field: 'size' }).count).toBe(0);
  });
});
