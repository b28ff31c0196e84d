import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { cacheOwner, RowCache } from './row-cache.ts';

const row = (uid: number, subject = `s${uid}`): MessageSummary => ({
  uid,
  from: { name: 'Kim', address: 'kim@school.test' },
  fromIsAddress: true,
  to: [],
  subject,
  date: new Date(0).toISOString(),
  size: 100,
  flags: { seen: false, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: '',
});
const inbox = { owner: 'acc-1', path: 'INBOX', uidValidity: '7' };

describe('RowCache', () => {
  it('gives back rows of the same account, mailbox and UIDVALIDITY only', () => {
    const cache = new RowCache();
    cache.put(inbox, [row(1), row(2)]);
    const { hits, misses } = cache.take(inbox, [2, 3, 1]);
    expect([...hits.keys()]).toEqual([2, 1]);
    expect(misses).toEqual([3]);
    expect(cache.take({ ...inbox, uidValidity: '8' }, [1]).misses).toEqual([1]);
    expect(cache.take({ ...inbox, owner: 'acc-2' }, [1]).misses).toEqual([1]);
    expect(cache.take({ ...inbox, path: 'Sent' }, [1]).misses).toEqual([1]);
  });

  it('stays within its bytes, the least recently used out first', () => {
    const one = JSON.stringify(row(1)).length * 2 + 200;
    const cache = new RowCache(one * 3);
    cache.put(inbox, [row(1), row(2), row(3)]);
    cache.take(inbox, [1]); // 1 is now the most recent
    cache.put(inbox, [row(4)]);
    expect(cache.take(inbox, [1, 2, 3, 4]).misses).toEqual([2]);
    expect(cache.size).toBeLessThanOrEqual(one * 3);
    cache.put(inbox, [row(5, 'x'.repeat(one * 4))]); // larger than the whole bound: not kept
    expect(cache.take(inbox, [5]).misses).toEqual([5]);
    expect(cache.size).toBeLessThanOrEqual(one * 3);
  });

  it('a row put again replaces the old one without counting it twice', () => {
    const cache = new RowCache();
    cache.put(inbox, [row(1)]);
    const before = cache.size;
    cache.put(inbox, [row(1, 'S1')]); // same size, other text
    expect(cache.size).toBe(before);
    expect(cache.take(inbox, [1]).hits.get(1)?.subject).toBe('S1');
  });

  it('knows whether it holds any row of a scope, as rows come, are replaced and leave', () => {
    const one = JSON.stringify(row(1)).length * 2 + 200;
    const cache = new RowCache(one * 2);
    const sent = { ...inbox, path: 'Sent' };
    expect(cache.holds(inbox)).toBe(false);
    cache.put(inbox, [row(1)]);
    cache.put(inbox, [row(1)]);
    expect(cache.holds(inbox)).toBe(true);
    expect(cache.holds(sent)).toBe(false);
    cache.put(sent, [row(2), row(3)]); // inbox's one row leaves past the bound
    expect(cache.holds(inbox)).toBe(false);
    expect(cache.holds(sent)).toBe(true);
    cache.clear();
    expect(cache.holds(sent)).toBe(false);
  });
});

describe('cacheOwner', () => {
  const account = {
    id: 'acc-1',
    login: 'kim@school.test',
    incoming: { host: 'mail.school.test', port: 143, tls: 'starttls' as const },
  };

  it('an account pointed at another server or login in place never meets the old rows (decision 050)', () => {
    const cache = new RowCache();
    cache.put({ ...inbox, owner: cacheOwner(account) }, [row(1)]);
    expect(cache.take({ ...inbox, owner: cacheOwner({ ...account }) }, [1]).misses).toEqual([]);
    for (const moved of [
      { ...account, incoming: { ...account.incoming, host: 'imap.other.test' } },
      { ...account, incoming: { ...account.incoming, port: 993 } },
      { ...account, login: 'kim2@school.test' },
      { ...account, id: 'acc-2' },
    ])
      expect(cache.take({ ...inbox, owner: cacheOwner(moved) }, [1]).misses).toEqual([1]);
  });
});
