import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config.ts';
import type { Redis } from '../../core/redis.plugin.ts';
import { authErrors } from './auth.errors.ts';

/** One sign-in attempt's hold on the counters, settled by exactly one of its methods. */
export interface SignInAttempt {
  /** wrong password: the attempt keeps counting */
  failed(): Promise<void>;
  /** signed in: the account counter starts over and the attempt does not count against the IP */
  succeeded(): Promise<void>;
  /** no verdict (e.g. the mail server was unreachable): the attempt does not count */
  abandoned(): Promise<void>;
}

export interface SignInLimiter {
  /** Counts an attempt for this IP and account before the mail server is asked; throws 429 auth.rate_limited when over. */
  begin(ip: string, account: string): Promise<SignInAttempt>;
}

type LimitConfig = Pick<Config, 'signInLimitPerIp' | 'signInLimitPerAccount' | 'signInLimitWindowSeconds'>;

/**
 * Failed sign-ins per IP and per account in a fixed window: in memory (per process), or in Redis when given one,
 * so that every instance counts against the same limits. An attempt is counted up front so that parallel
 * requests cannot all slip past the check, then refunded unless it failed.
 */
export function createSignInLimiter(config: LimitConfig, redis: Redis | null = null): SignInLimiter {
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          useRedisPackage: true,
          keyPrefix: `pigeon:${keyPrefix}`,
          points,
          duration: config.signInLimitWindowSeconds,
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: config.signInLimitWindowSeconds });
  const perIp = limiter('signin-ip', config.signInLimitPerIp);
  const perAccount = limiter('signin-account', config.signInLimitPerAccount);
  const refund = async (limiter: RateLimiterAbstract, key: string) => {
    await limiter.reward(key, 1);
  };

  return {
    async begin(ip, account) {
      const results = await Promise.allSettled([perIp.consume(ip), perAccount.consume(account)]);
      const rejected = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as unknown);
      if (rejected.length > 0) {
        // consume() counts even when it refuses; a refused attempt never reached the mail server, so it does not count
        await Promise.all([refund(perIp, ip), refund(perAccount, account)]);
        const waits = rejected.map((e) =>
          e instanceof RateLimiterRes ? e.msBeforeNext : config.signInLimitWindowSeconds * 1000,
        );
        throw authErrors.rateLimited(Math.max(1, Math.ceil(Math.max(...waits) / 1000)));
      }
      let settled = false;
      const settle = async (fn: () => Promise<unknown>) => {
        if (settled) return;
        settled = true;
        await fn();
      };
      return {
        failed: () => settle(async () => {}),
        succeeded: () => settle(() => Promise.all([perAccount.delete(account), refund(perIp, ip)])),
        abandoned: () => settle(() => Promise.all([refund(perIp, ip), refund(perAccount, account)])),
      };
    },
  };
}
