import type { AttemptCount } from './failure-counter.ts';

/** A source of sign-in attempts (a client address, an account from unknown devices, one known device). */
export interface SourceLimit {
  /** attempts in a window after which the source is blocked until the window ends */
  limit: number;
}

/**
 * How long this attempt must wait (ms; 0 = go), given its source's count with this attempt included and when
 * the previous attempt was. The first half of the limit (at least 3) is free; after that each attempt must come 1 s, 2 s,
 * 4 s … after the previous one (slow down); at the limit the source is blocked until its window ends.
 */
export function waitBeforeAttempt(c: AttemptCount, source: SourceLimit, now: number): number {
  const before = c.count - 1;
  if (before >= source.limit) return Math.max(1000, c.resetAt - now);
  const free = Math.max(Math.min(source.limit, 3), Math.ceil(source.limit / 2));
  if (before < free || c.previousAt === null) return 0;
  const gap = 1000 * 2 ** Math.min(20, before - free);
  const wait = c.previousAt + gap - now;
  return wait > 0 ? Math.min(wait, Math.max(1000, c.resetAt - now)) : 0;
}

/** Which counters an attempt is held against: the known device alone, or the client address and the account. */
export function sourcesOf(a: {
  clientKey: string;
  account: string;
  knownDevice: string | null;
}): { key: string; kind: 'device' | 'ip' | 'account' }[] {
  if (a.knownDevice) return [{ key: `device:${a.knownDevice}`, kind: 'device' }];
  return [
    { key: `ip:${a.clientKey}`, kind: 'ip' },
    { key: `account:${a.account}`, kind: 'account' },
  ];
}
