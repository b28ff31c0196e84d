import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The inputs of the key: the server secret, the cookie secret (never stored) and the session id. */
export interface PasswordKeyParts {
  serverSecret: Buffer;
  /** base64url cookie secret */
  cookieSecret: string;
  sessionId: string;
}

const INFO = 'pigeon/session-password/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * HKDF-SHA256 over (cookie secret | server secret), salted by the session id: neither the database nor the
 * server secret alone yields the key. The cookie secret is a fixed 32 bytes, so the concatenation is unambiguous.
 */
export function derivePasswordKey(p: PasswordKeyParts): Buffer {
  const cookieSecret = Buffer.from(p.cookieSecret, 'base64url');
  if (cookieSecret.length !== 32) throw new Error('cookie secret must be 32 bytes');
  if (p.serverSecret.length < 32) throw new Error('server secret must be at least 32 bytes');
  const ikm = Buffer.concat([cookieSecret, p.serverSecret]);
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.from(p.sessionId, 'utf8'), INFO, 32));
}

/** AES-256-GCM with the session id as associated data; output is iv(12) | tag(16) | ciphertext. */
export function sealPassword(password: string, key: Buffer, sessionId: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(sessionId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens what sealPassword made; throws on a wrong key, another session id or any tampering. */
export function openPassword(sealed: Uint8Array, key: Buffer, sessionId: string): string {
  const buf = Buffer.from(sealed);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('sealed password too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(sessionId, 'utf8'));
  decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
