/** A session this process holds something for: an open socket or an IMAP command connection. */
export interface HeldSession {
  sessionId: string;
  /** a socket id, when the holder is a socket */
  socketId?: string;
}

export interface RevocationPlan {
  /** sockets whose session no longer exists (signed out, expired, revoked): disconnect them */
  disconnect: string[];
  /** sessions to forget in the IMAP command connections (LOGOUT when none of the user's is left) */
  release: string[];
  /** no session of the user is left at all: close their live session and every mail connection now */
  closeUser: boolean;
}

/**
 * What this process must end for one user, given what it holds and the sessions the database still has unexpired.
 * Pure; the caller fetched `valid` after the rows changed, so a notice that arrives twice plans nothing the second time.
 */
export function planRevocation(held: readonly HeldSession[], valid: ReadonlySet<string>): RevocationPlan {
  const gone = held.filter((h) => !valid.has(h.sessionId));
  return {
    disconnect: gone.flatMap((h) => (h.socketId ? [h.socketId] : [])),
    release: [...new Set(gone.map((h) => h.sessionId))],
    closeUser: valid.size === 0,
  };
}

/** Accounts this process holds connections for whose rows are gone (removed on another instance): close them. */
export const goneAccounts = (held: Iterable<string>, existing: ReadonlySet<string>): string[] =>
  [...new Set(held)].filter((id) => !existing.has(id));

/** Longest a timer may wait (setTimeout overflows past 2^31-1 ms and fires at once); re-armed on firing. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Milliseconds until a session expires, capped for setTimeout; 0 when it already has. */
export const msUntilExpiry = (expiresAt: Date, now: number): number =>
  Math.max(0, Math.min(MAX_TIMER_MS, expiresAt.getTime() - now));
