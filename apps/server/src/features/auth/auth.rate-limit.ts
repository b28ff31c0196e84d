import type { Config } from '../../config.ts';
import type { Redis } from '../../core/redis.plugin.ts';
import { clientKey } from '../../core/net/client-key.ts';
import { authErrors } from './auth.errors.ts';
import { createMemoryCounter, createRedisCounter } from './failure-counter.ts';
import { sourcesOf, waitBeforeAttempt } from './sign-in-policy.ts';

/** One sign-in attempt's hold on the counters, settled by exactly one of its methods. */
export interface SignInAttempt {
  /** the credential was rejected: the attempt keeps counting */
  failed(): Promise<void>;
  /** signed in: the attempt does not count, and its account (or known device) starts over */
  succeeded(): Promise<void>;
  /** no verdict (e.g. the mail server was unreachable): the attempt does not count */
  abandoned(): Promise<void>;
}

export interface SignInRequest {
  /** the client address (Fastify's request.ip under TRUST_PROXY); IPv6 is counted by /64 */
  ip: string;
  account: string;
  /** this browser's known-device key for the account (see known-device.ts), or null */
  knownDevice: string | null;
}

export interface SignInLimiter {
  /** Counts an attempt before the mail server is asked; throws 429 auth.rate_limited while its sources must wait. */
  begin(request: SignInRequest): Promise<SignInAttempt>;
}

type LimitConfig = Pick<Config, 'signInLimitPerIp' | 'signInLimitPerAccount' | 'signInLimitWindowSeconds'>;

/**
 * OWASP's device-cookie scheme (docs/decisions/013-abuse-limits.md): an attempt from an unknown device counts
 * against its client address and the account, which slow down and then block; an attempt from a known device
 * counts only against that device, so an attack from elsewhere never locks the real user out. In memory
 * (per process), or in Redis when given one so every instance counts the same.
 */
export function createSignInLimiter(
  config: LimitConfig,
  redis: Redis | null = null,
  now: () => number = Date.now,
): SignInLimiter {
  const windowMs = config.signInLimitWindowSeconds * 1000;
  const counter = redis ? createRedisCounter(redis, windowMs, 'pigeon:signin:') : createMemoryCounter(windowMs);
  const limit = {
    ip: config.signInLimitPerIp,
    account: config.signInLimitPerAccount,
    device: config.signInLimitPerAccount,
  };

  return {
    async begin(request) {
      const sources = sourcesOf({ ...request, clientKey: clientKey(request.ip) });
      const at = now();
      const counts = await Promise.all(sources.map((s) => counter.hit(s.key, at)));
      const wait = Math.max(...counts.map((c, i) => waitBeforeAttempt(c, { limit: limit[sources[i]!.kind] }, at)));
      if (wait > 0) {
        // a refused attempt never reached the mail server: it does not count, not even as "the previous attempt"
        await Promise.all(sources.map((s, i) => counter.undo(s.key, { now: at, previousAt: counts[i]!.previousAt })));
        throw authErrors.rateLimited(Math.max(1, Math.ceil(wait / 1000)));
      }
      let settled = false;
      const settle = async (fn: () => Promise<unknown>) => {
        if (settled) return;
        settled = true;
        await fn();
      };
      const undoAll = () => Promise.all(sources.map((s) => counter.undo(s.key)));
      return {
        failed: () => settle(async () => {}),
        succeeded: () =>
          settle(() => Promise.all(sources.map((s) => (s.kind === 'ip' ? counter.undo(s.key) : counter.clear(s.key))))),
        abandoned: () => settle(undoAll),
      };
    },
  };
}
