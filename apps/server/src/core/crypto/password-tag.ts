import { createHmac, scrypt } from 'node:crypto';

/** scrypt cost: ~30 ms per sign-in here; the tag is short anyway, this only slows filtering a stolen dump */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * 16 bits that change when a user's mail password changes (65535 in 65536 times). Keyed with the server secret and
 * salted with the address. Invariant: far too short to confirm a guessed password: a dictionary leaves one candidate
 * in 65536 standing, each of which still has to be tried against the mail server.
 */
export async function passwordTag(opts: { serverSecret: Buffer; email: string; password: string }): Promise<number> {
  const salt = createHmac('sha256', opts.serverSecret).update(`pigeon password tag\0${opts.email}`).digest();
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(opts.password.normalize('NFC'), salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return derived.readUInt16BE(0);
}
