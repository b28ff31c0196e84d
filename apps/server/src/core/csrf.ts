import { hkdfSync } from 'node:crypto';
import Tokens from '@fastify/csrf';

/** Which cookies a request uses. `__Host-` (Secure, Path=/, no Domain) whenever the cookie is Secure: a sibling
 * subdomain or a plain-http response cannot set or shadow it. Plain names only where the cookie is not Secure. */
export interface CookieNames {
  session: string;
  csrf: string;
}

export const cookieNames = (secure: boolean): CookieNames =>
  secure
    ? { session: '__Host-pigeon_session', csrf: '__Host-pigeon_csrf' }
    : { session: 'pigeon_session', csrf: 'pigeon_csrf' };

/** the session a token is bound to when the browser has none (before sign-in) */
const NO_SESSION = '-';

/**
 * CSRF tokens bound to the session: a random secret in the CSRF cookie plus an HMAC (key from the server secret) over
 * the session id, so a token made for one session is refused with another (the id changes at every sign-in, and the
 * sign-in sets a new secret too). Invariant: `valid` never throws on attacker input.
 */
export function createCsrfTokens(serverSecret: Buffer) {
  const hmacKey = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), 'pigeon/csrf/v1', 32));
  const tokens = new Tokens({ userInfo: true, hmacKey });
  return {
    newSecret: (): string => tokens.secretSync(),
    token: (secret: string, sessionId: string | null): string => tokens.create(secret, sessionId ?? NO_SESSION),
    valid(secret: string | undefined, token: string | undefined, sessionId: string | null): boolean {
      if (!secret || !token || token.length > 512) return false;
      try {
        return tokens.verify(secret, token, sessionId ?? NO_SESSION);
      } catch {
        return false;
      }
    },
  };
}
export type CsrfTokens = ReturnType<typeof createCsrfTokens>;
