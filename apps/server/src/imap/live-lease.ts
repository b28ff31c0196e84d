import type { Redis } from '../core/redis.plugin.ts';

/** Who holds a user's live IMAP session across instances: a Redis key with expiry, changed only by its owner. */
export interface LiveLease {
  /** how long a lease lasts unless renewed */
  readonly ttlMs: number;
  /** renew the lease (and other instances try to take it) every this many ms */
  readonly everyMs: number;
  /** true when this instance holds (took or renewed) the user's lease */
  hold(userId: string): Promise<boolean>;
  /** gives the lease up if this instance holds it */
  release(userId: string): Promise<void>;
}

// owner-checked, so an instance whose lease expired never renews or deletes its successor's
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export const leaseKey = (userId: string) => `pigeon:live-lease:${userId}`;

/** `SET key owner NX PX ttl` to take, Lua scripts to renew and release; `owner` is unique per process. */
export function createRedisLease(redis: Redis, owner: string, ttlMs: number): LiveLease {
  const ttl = String(ttlMs);
  return {
    ttlMs,
    everyMs: Math.max(100, Math.floor(ttlMs / 3)),
    async hold(userId) {
      const key = leaseKey(userId);
      const renewed = await redis.eval(RENEW, { keys: [key], arguments: [owner, ttl] });
      if (renewed === 1) return true;
      const taken = await redis.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      return taken === 'OK';
    },
    async release(userId) {
      await redis.eval(RELEASE, { keys: [leaseKey(userId)], arguments: [owner] });
    },
  };
}
