import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The two halves of a session cookie: a public lookup id (128 bit) and a secret (256 bit), both base64url. */
export interface SessionToken {
  id: string;
  secret: string;
}

const ID_BYTES = 16;
const SECRET_BYTES = 32;
// unpadded base64url lengths of 16 and 32 bytes
const COOKIE_VALUE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newSessionToken(): SessionToken {
  return { id: randomBytes(ID_BYTES).toString('base64url'), secret: randomBytes(SECRET_BYTES).toString('base64url') };
}

/** `<id>.<secret>`, the value of the session cookie. */
export const formatSessionCookie = (t: SessionToken): string => `${t.id}.${t.secret}`;

/** Parses a session cookie value; null for anything that is not exactly `<22 chars>.<43 chars>` of base64url. */
export function parseSessionCookie(value: string | undefined | null): SessionToken | null {
  const m = typeof value === 'string' ? COOKIE_VALUE.exec(value) : null;
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/** What the database keeps instead of the secret: hex sha256 of its bytes. */
export const hashSessionSecret = (secret: string): string =>
  createHash('sha256').update(Buffer.from(secret, 'base64url')).digest('hex');

/** Constant-time check of a cookie secret against the stored hash. */
export function sessionSecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSessionSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
