import { isAppError } from '../../core/app-error.ts';
import type { RaceResult } from './discovery-race.ts';
import type { Candidate } from './discovery-sources.ts';

/** A candidate Pigeon may use: never IMAP without TLS; an unencrypted SMTP server is dropped (the default applies). */
export function encryptedOnly(c: Candidate): Candidate | null {
  if (c.imap.tls === 'none') return null;
  return c.smtp && c.smtp.tls === 'none' ? { ...c, smtp: null } : c;
}

/** The server gave a verdict on the password (it answered the login), as opposed to not answering at all. */
export const answeredLogin = (error: unknown): boolean =>
  isAppError(error) &&
  (error.code === 'auth.invalid_credentials' || error.code === 'auth.provider_requires_app_password');

/**
 * May this race's winner be kept for the whole domain: not a guess, and no better-ranked candidate answered the
 * login (one that refused this password contradicts the winner: it may be a host the caller controls).
 */
export function cacheable(race: Pick<RaceResult<Candidate, unknown>, 'winner' | 'failures'>): boolean {
  const winner = race.winner;
  if (!winner || winner.candidate.guessed) return false;
  return !race.failures.some((f) => f.rank < winner.rank && answeredLogin(f.error));
}
