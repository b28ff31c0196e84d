import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { proxyTrustFn } from './net/proxy-trust.ts';
import { handshakeRefusal } from './realtime.plugin.ts';

const handshake = (peer: string, headers: Record<string, string>) =>
  ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('socket handshake behind a proxy', () => {
  const proxied = { origin: 'https://mail.school.test', host: 'pigeon:8080', 'x-forwarded-proto': 'https' };

  it('believes X-Forwarded-Proto/-Host only from a trusted proxy', () => {
    const trust = proxyTrustFn({ addresses: ['10.0.0.5'] });
    expect(handshakeRefusal(handshake('10.0.0.5', { ...proxied, 'x-forwarded-host': 'mail.school.test' }), trust)).toBe(
      null,
    );
    expect(
      handshakeRefusal(handshake('192.0.2.1', { ...proxied, 'x-forwarded-host': 'mail.school.test' }), trust),
    ).toMatch(/Cross-origin/);
    expect(handshakeRefusal(handshake('10.0.0.5', { ...proxied, host: 'mail.school.test' }), false)).toMatch(
      /Cross-origin/,
    );
  });

  it('takes the entry the proxy added (the last), not one the client sent in front of it', () => {
    const trust = proxyTrustFn({ hops: 1 });
    const headers = { ...proxied, host: 'mail.school.test', 'x-forwarded-proto': 'http, https' };
    expect(handshakeRefusal(handshake('10.0.0.5', headers), trust)).toBe(null);
    expect(handshakeRefusal(handshake('10.0.0.5', { ...headers, 'x-forwarded-proto': 'https, http' }), trust)).toMatch(
      /Cross-origin/,
    );
  });
});
