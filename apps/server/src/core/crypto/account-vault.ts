import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt } from 'node:crypto';

// The vault of a user's added accounts (decision 034): their passwords sealed under a key that only the primary
// account's password (typed at every sign-in, opened from each session's own copy afterwards) and the server secret
// derive. A database dump holds neither; every device of the user opens it, so added accounts follow the person.

const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const INFO = 'pigeon/account-vault/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The user's vault key: HKDF-SHA256 over (scrypt(primary password, salt user id) | server secret). Invariant: without
 * the server secret no guess of the password can be checked against a dump; with it, each guess costs an scrypt.
 */
export async function deriveVaultKey(p: {
  primaryPassword: string;
  serverSecret: Buffer;
  userId: string;
}): Promise<Buffer> {
  if (p.serverSecret.length < 32) throw new Error('server secret must be at least 32 bytes');
  const salt = Buffer.from(`pigeon account vault\0${p.userId}`, 'utf8');
  const stretched = await new Promise<Buffer>((resolve, reject) =>
    scrypt(p.primaryPassword.normalize('NFC'), salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return Buffer.from(hkdfSync('sha256', Buffer.concat([stretched, p.serverSecret]), salt, INFO, 32));
}

/** AES-256-GCM with the account id as associated data (a sealed password moved to another account does not open). */
export function sealForAccount(password: string, key: Buffer, accountId: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens what sealForAccount made; throws on a wrong key (the primary password changed), another account or tampering. */
export function openForAccount(sealed: Uint8Array, key: Buffer, accountId: string): string {
  const buf = Buffer.from(sealed);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('sealed password too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(accountId, 'utf8'));
  decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
