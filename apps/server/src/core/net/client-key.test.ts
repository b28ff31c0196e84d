import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.ts';

describe('client key', () => {
  it('keeps an IPv4 address, also when IPv4-mapped', () => {
    expect(clientKey('192.0.2.10')).toBe('192.0.2.10');
    expect(clientKey('::ffff:192.0.2.10')).toBe('192.0.2.10');
  });

  it('keys IPv6 by its /64, whatever the spelling of the interface part', () => {
    const key = clientKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientKey('[2001:db8:1:2:abcd::7]')).toBe(key);
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
  });

  it('passes anything else through, bounded', () => {
    expect(clientKey('')).toBe('');
    expect(clientKey('x'.repeat(500))).toHaveLength(64);
  });
});
