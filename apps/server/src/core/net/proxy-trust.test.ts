import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseProxyTrust, proxyTrustFn } from './proxy-trust.ts';

const request = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;

describe('TRUST_PROXY parsing', () => {
  it('reads off, hop counts and address lists', () => {
    for (const off of [undefined, '', 'false', '0', 'off']) expect(parseProxyTrust(off)).toBe(false);
    expect(parseProxyTrust('1')).toEqual({ hops: 1 });
    expect(parseProxyTrust(' 2 ')).toEqual({ hops: 2 });
    expect(parseProxyTrust('10.0.0.5, 172.16.0.0/12,::1,fd00::/8,loopback')).toEqual({
      addresses: ['10.0.0.5', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback'],
    });
  });

  it('refuses true (every hop) and anything that is not an address, a CIDR or a small count', () => {
    for (const bad of ['true', 'yes', '11', '-1', '10.0.0.0/33', 'proxy.example', '10.0.0.5,nope', ',']) {
      expect(parseProxyTrust(bad), bad).toBeNull();
    }
  });
});

describe('client address under a trust setting', () => {
  const spoofed = '203.0.113.77, 198.51.100.9';

  it('off: the socket peer, whatever the header says', () => {
    expect(clientAddress(request('192.0.2.10', spoofed), proxyTrustFn(false))).toBe('192.0.2.10');
  });

  it('one hop: the address the proxy appended, never a client-written one in front of it', () => {
    expect(clientAddress(request('127.0.0.1', spoofed), proxyTrustFn({ hops: 1 }))).toBe('198.51.100.9');
    expect(clientAddress(request('127.0.0.1'), proxyTrustFn({ hops: 1 }))).toBe('127.0.0.1');
  });

  it('addresses: only a listed peer is believed, and hops are walked only through listed proxies', () => {
    const trust = proxyTrustFn({ addresses: ['127.0.0.1', '10.0.0.0/8'] });
    expect(clientAddress(request('127.0.0.1', spoofed), trust)).toBe('198.51.100.9');
    expect(clientAddress(request('127.0.0.1', '203.0.113.77, 10.1.1.1'), trust)).toBe('203.0.113.77');
    expect(clientAddress(request('192.0.2.10', spoofed), trust)).toBe('192.0.2.10');
  });
});
