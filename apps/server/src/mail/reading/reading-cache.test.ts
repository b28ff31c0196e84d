import { describe, expect, it } from 'vitest';
import { createReadingCache, readingBytes, readingKey, type Reading } from './reading-cache.ts';

const reading = (text: string): Reading =>
  ({ text, bodyHtml: null, attachments: [], headers: {}, summary: {} }) as unknown as Reading;

describe('reading cache', () => {
  it('keys by user, mailbox generation, UID and remote-content choice', () => {
    const k = { accountId: 'a1', path: 'INBOX', uidValidity: 7n, uid: 3, remote: false };
    const keys = new Set([
      readingKey(k),
      readingKey({ ...k, accountId: 'a2' }),
      readingKey({ ...k, path: 'Archive' }),
      readingKey({ ...k, uidValidity: 8n }),
      readingKey({ ...k, uid: 4 }),
      readingKey({ ...k, remote: true }),
    ]);
    expect(keys.size).toBe(6);
    expect(readingKey(k)).toBe(readingKey({ ...k }));
  });

  it('is bounded in bytes, not entries', () => {
    const cache = createReadingCache(100_000);
    for (let i = 0; i < 10; i++) cache.set(String(i), reading('x'.repeat(20_000)));
    expect(cache.calculatedSize).toBeLessThanOrEqual(100_000);
    expect(cache.size).toBe(2);
    expect(readingBytes(reading('x'.repeat(20_000)))).toBeGreaterThan(40_000);
    cache.set('huge', reading('x'.repeat(100_000)));
    expect(cache.has('huge')).toBe(false);
  });
});
