import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The httpOnly cookie that marks a browser where an account signed in before (OWASP "device cookie"). */
export const KNOWN_DEVICE_COOKIE = 'pigeon_known_device';
/** how long a browser stays known after its last sign-in */
export const KNOWN_DEVICE_MAX_AGE_SECONDS = 365 * 86_400;
/** accounts one browser is remembered for (newest first); older ones fall off */
const MAX_ACCOUNTS = 5;
const NONCE_BYTES = 16;
const MAC_BYTES = 16;

/**
 * Cookie value `<nonce>.<mac>[.<mac>…]`: one random nonce per browser and, per account that signed in there,
 * HMAC(key, nonce, account). It names no account and cannot be made without the server secret.
 */
export interface KnownDevices {
  /** the limiter key of this browser for `account` when the cookie vouches for it, else null */
  keyFor(cookieValue: string | undefined, account: string): string | null;
  /** the cookie value after `account` signed in on this browser */
  remember(cookieValue: string | undefined, account: string): string;
}

export function createKnownDevices(serverSecret: Buffer): KnownDevices {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), 'pigeon known-device cookie v1', 32));
  const mac = (nonce: Buffer, account: string) =>
    createHmac('sha256', key).update(nonce).update('\n').update(account).digest().subarray(0, MAC_BYTES);

  const parse = (value: string | undefined): { nonce: Buffer; macs: Buffer[] } | null => {
    if (!value || value.length > 200) return null;
    const [n, ...rest] = value.split('.');
    const nonce = Buffer.from(n ?? '', 'base64url');
    if (nonce.length !== NONCE_BYTES) return null;
    const macs = rest.map((m) => Buffer.from(m, 'base64url')).filter((m) => m.length === MAC_BYTES);
    return { nonce, macs: macs.slice(0, MAX_ACCOUNTS) };
  };

  return {
    keyFor(value, account) {
      const parsed = parse(value);
      if (!parsed) return null;
      const expected = mac(parsed.nonce, account);
      return parsed.macs.some((m) => timingSafeEqual(m, expected)) ? expected.toString('base64url') : null;
    },
    remember(value, account) {
      const parsed = parse(value) ?? { nonce: randomBytes(NONCE_BYTES), macs: [] };
      const own = mac(parsed.nonce, account);
      const macs = [own, ...parsed.macs.filter((m) => !m.equals(own))].slice(0, MAX_ACCOUNTS);
      return [parsed.nonce, ...macs].map((b) => b.toString('base64url')).join('.');
    },
  };
}
