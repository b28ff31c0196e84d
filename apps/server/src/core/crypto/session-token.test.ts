import { describe, expect, it } from 'vitest';
import {
  formatSessionCookie,
  hashSessionSecret,
  newSessionToken,
  parseSessionCookie,
  sessionSecretMatches,
} from './session-token.ts';

describe('session cookie value', () => {
  it('formats and parses back a fresh token of 128-bit id and 256-bit secret', () => {
    const t = newSessionToken();
    expect(Buffer.from(t.id, 'base64url')).toHaveLength(16);
    expect(Buffer.from(t.secret, 'base64url')).toHaveLength(32);
    expect(parseSessionCookie(formatSessionCookie(t))).toEqual(t);
  });

  it('gives different tokens each time', () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });

  it.each([
    undefined,
    null,
    '',
    'abc',
    'abc.def',
    `${'a'.repeat(22)}.${'b'.repeat(42)}`,
    `${'a'.repeat(22)}.${'b'.repeat(44)}`,
    `${'a'.repeat(21)}.${'b'.repeat(43)}`,
    `${'a'.repeat(22)}.${'b'.repeat(42)}=`,
    `${'a'.repeat(22)}.${'b'.repeat(42)}+`,
    `${'a'.repeat(22)}..${'b'.repeat(43)}`,
    ` ${'a'.repeat(22)}.${'b'.repeat(43)}`,
    `${'a'.repeat(22)}.${'b'.repeat(43)}\n`,
  ])('rejects %j', (value) => {
    expect(parseSessionCookie(value)).toBeNull();
  });
});

describe('session secret hash', () => {
  it('is sha256 hex and matches only its own secret', () => {
    const t = newSessionToken();
    const hash = hashSessionSecret(t.secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(t.secret);
    expect(sessionSecretMatches(t.secret, hash)).toBe(true);
    expect(sessionSecretMatches(newSessionToken().secret, hash)).toBe(false);
    expect(sessionSecretMatches(t.secret, 'abcd')).toBe(false);
    expect(sessionSecretMatches(t.secret, '')).toBe(false);
  });
});
