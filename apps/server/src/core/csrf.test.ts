import { describe, expect, it } from 'vitest';
import { cookieNames, createCsrfTokens } from './csrf.ts';

const csrf = createCsrfTokens(Buffer.alloc(32, 1));

describe('CSRF tokens', () => {
  it('are valid with their secret and the session they were made for', () => {
    const secret = csrf.newSecret();
    expect(csrf.valid(secret, csrf.token(secret, 'session-a'), 'session-a')).toBe(true);
    expect(csrf.valid(secret, csrf.token(secret, null), null)).toBe(true);
  });

  it('are refused with another session, another secret, another server secret, or nothing', () => {
    const secret = csrf.newSecret();
    const token = csrf.token(secret, 'session-a');
    expect(csrf.valid(secret, token, 'session-b')).toBe(false);
    expect(csrf.valid(secret, token, null)).toBe(false);
    expect(csrf.valid(csrf.newSecret(), token, 'session-a')).toBe(false);
    expect(createCsrfTokens(Buffer.alloc(32, 2)).valid(secret, token, 'session-a')).toBe(false);
    expect(csrf.valid(undefined, token, 'session-a')).toBe(false);
    expect(csrf.valid(secret, undefined, 'session-a')).toBe(false);
    expect(csrf.valid(secret, 'x'.repeat(10_000), 'session-a')).toBe(false);
    expect(csrf.valid(secret, '\u0000-not-a-token', 'session-a')).toBe(false);
  });
});

describe('cookieNames', () => {
  it('uses the __Host- prefix exactly when the cookie is Secure', () => {
    expect(cookieNames(true)).toEqual({ session: '__Host-pigeon_session', csrf: '__Host-pigeon_csrf' });
    expect(cookieNames(false)).toEqual({ session: 'pigeon_session', csrf: 'pigeon_csrf' });
  });
});
