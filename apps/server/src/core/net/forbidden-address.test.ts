import { describe, expect, it } from 'vitest';
import { isForbiddenAddress } from './forbidden-address.ts';

describe('isForbiddenAddress', () => {
  it.each([
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['169.254.0.1', 'linkLocal'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.0', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['127.255.255.255', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['febf:ffff::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:10.0.0.1', 'ipv4Mapped'],
    ['::ffff:192.168.1.1', 'ipv4Mapped'],
    ['::ffff:7f00:1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['[::ffff:169.254.169.254]', 'ipv4Mapped'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    ['2001::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['::127.0.0.1', 'ipv4Mapped'], // ipaddr.js reads the deprecated IPv4-compatible form as mapped; refused either way
    ['4000::1', 'notGlobalUnicast'],
    ['fbff::1', 'notGlobalUnicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
  ])('%s is forbidden (%s)', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(reason);
  });

  it.each([
    '9.255.255.255',
    '11.0.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '2400:cb00::1',
  ])('%s (public, just outside a range) is allowed', (ip) => {
    expect(isForbiddenAddress(ip)).toBeNull();
  });

  it('refuses whatever is not a canonical IP literal', () => {
    for (const s of [
      '',
      'localhost',
      'example.org',
      '127.1',
      '0x7f.0.0.1',
      '2130706433',
      '017700000001',
      '1.2.3',
      '1.2.3.4.5',
      '::ffff:zz',
    ]) {
      expect(isForbiddenAddress(s)).toBe('invalid');
    }
  });
});
