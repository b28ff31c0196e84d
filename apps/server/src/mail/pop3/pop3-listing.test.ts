import { describe, expect, it } from 'vitest';
import { parseCapabilities, parseSizeListing, parseStat, parseUidlListing } from './pop3-listing.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('parseUidlListing', () => {
  it('reads number/id pairs and drops malformed, repeated and out-of-charset lines', () => {
    const body = b(
      '1 abc\r\n2 def\r\n3\r\n4 has space x\r\n5 abc\r\n2 zzz\r\n0 zero\r\n6 ' +
        'x'.repeat(71) +
        '\r\n7 \x01ctl\r\n8 ok-8\r\n',
    );
    const l = parseUidlListing(body, 100);
    expect(l.entries).toEqual([
      { n: 1, uidl: 'abc' },
      { n: 2, uidl: 'def' },
      { n: 8, uidl: 'ok-8' },
    ]);
    expect(l.skipped).toBe(7);
    expect(l.truncated).toBe(false);
  });

  it('stops at the bound and says so', () => {
    const body = b(Array.from({ length: 10 }, (_, i) => `${i + 1} u${i}`).join('\r\n'));
    const l = parseUidlListing(body, 3);
    expect(l.entries.map((e) => e.n)).toEqual([1, 2, 3]);
    expect(l.truncated).toBe(true);
  });
});

describe('parseSizeListing / parseStat / parseCapabilities', () => {
  it('reads sizes', () => {
    expect(parseSizeListing(b('1 120\r\n2 x\r\n3 99\r\n1 5\r\n'), 10)).toEqual({
      entries: [
        { n: 1, size: 120 },
        { n: 3, size: 99 },
      ],
      skipped: 2,
      truncated: false,
    });
  });
  it('reads STAT', () => {
    expect(parseStat('12 34567')).toEqual({ count: 12, size: 34567 });
    expect(parseStat('12 34567 extra')).toEqual({ count: 12, size: 34567 });
    expect(parseStat('maildrop locked')).toBeNull();
  });
  it('reads CAPA names', () => {
    const caps = parseCapabilities(b('TOP\r\nUIDL\r\nSASL PLAIN\r\nstls\r\n<bad>\r\n'));
    expect([...caps].sort()).toEqual(['SASL', 'STLS', 'TOP', 'UIDL']);
  });
});
