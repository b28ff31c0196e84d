import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { prefetchedPart, ROW_FETCH_QUERY } from './message-rows.ts';

const row = (parts: Record<string, string>): FetchMessageObject =>
  ({
    seq: 1,
    uid: 1,
    bodyParts: new Map(Object.entries(parts).map(([k, v]) => [k, Buffer.from(v)])),
  }) as FetchMessageObject;

describe('prefetched preview bytes', () => {
  it('the row FETCH asks for part 1 (as far as an HTML preview reads) and part 1.1', () => {
    expect(ROW_FETCH_QUERY.bodyParts).toEqual([
      { key: '1', start: 0, maxLength: 8192 },
      { key: '1.1', start: 0, maxLength: 2048 },
    ]);
  });

  it('gives the first bytes a preview needs of a part the row FETCH brought', () => {
    const r = row({ '1': 'a'.repeat(5000), '1.1': 'b'.repeat(2048) });
    expect(prefetchedPart(r, '1', 2048)?.toString()).toBe('a'.repeat(2048));
    expect(prefetchedPart(r, '1', 8192)?.toString()).toBe('a'.repeat(5000)); // the part is shorter than asked
    expect(prefetchedPart(r, '1.1', 2048)?.toString()).toBe('b'.repeat(2048));
  });

  it('says no when the part was not prefetched, or not as far as needed', () => {
    const r = row({ '1': 'a', '1.1': 'b' });
    expect(prefetchedPart(r, '1.1.1', 2048)).toBeNull();
    expect(prefetchedPart(r, '1.1', 8192)).toBeNull(); // an HTML part at 1.1 needs more than was read
    expect(prefetchedPart(row({}), '1', 2048)).toBeNull();
  });
});
