import type { Redis } from '../core/redis.plugin.ts';

/** Who holds an account's live watcher across instances: a Redis key with expiry, changed only by its owner. */
export interface AccountLease {
  /** how long a lease lasts unless renewed */
  readonly ttlMs: number;
  /** renew the lease (and other instances try to take it) every this many ms */
  readonly everyMs: number;
  /** true when this instance holds (took or renewed) the account's lease */
  hold(accountId: string): Promise<boolean>;
  /** gives the lease up if this instance holds it */
  release(accountId: string): Promise<void>;
}

// owner-checked, so an instance whose lease expired never renews or deletes its successor's
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export const leaseKey = (accountId: string) => `pigeon:live-lease:${accountId}`;

/** `SET key owner NX PX ttl` to take, Lua scripts to renew and release; `owner` is unique per process. */
export function createRedisLease(redis: Redis, owner: string, ttlMs: number): AccountLease {
  const ttl = String(ttlMs);
  return {
    ttlMs,
    everyMs: Math.max(100, Math.floor(ttlMs / 3)),
    async hold(accountId) {
      const key = leaseKey(accountId);
      const renewed = await redis.eval(RENEW, { keys: [key], arguments: [owner, ttl] });
      if (renewed === 1) return true;
      const taken = await redis.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      return taken === 'OK';
    },
    async release(accountId) {
      await redis.eval(RELEASE, { keys: [leaseKey(accountId)], arguments: [owner] });
    },
  };
}
