/**
 * Does SESSION_SECRET look like random bytes rather than a passphrase: base64 / base64url of 32 or more bytes
 * (`openssl rand -base64 32`) or hex of 32 or more bytes (`openssl rand -hex 32`), in canonical form, mixed case
 * for base64 and with enough distinct characters. A random value fails these with a probability below 1e-9.
 */
export function isHighEntropySecret(value: string): boolean {
  const s = value.trim();
  if (/^[0-9a-f]+$/i.test(s)) return s.length >= 64 && s.length % 2 === 0 && distinct(s.toLowerCase()) >= 10;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/.test(s);
  const base64url = /^[A-Za-z0-9_-]+$/.test(s);
  if (!base64 && !base64url) return false;
  const bytes = Buffer.from(s, base64 ? 'base64' : 'base64url');
  if (bytes.length < 32) return false;
  // canonical: a string that merely uses base64's letters rarely encodes back to itself
  const again = base64 ? bytes.toString('base64') : bytes.toString('base64url');
  if (again.replace(/=+$/, '') !== s.replace(/=+$/, '')) return false;
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && distinct(s) >= 16;
}

const distinct = (s: string): number => new Set(s).size;
