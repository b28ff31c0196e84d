import type { Redis } from '../../core/redis.plugin.ts';

/** A key's attempts in its current window: the count (this one included), the attempt before it, the window's end. */
export interface AttemptCount {
  count: number;
  previousAt: number | null;
  resetAt: number;
}

/** Attempt counts per key in fixed windows; `now` (ms) is passed in so the policy is tested without waiting. */
export interface AttemptCounter {
  /** counts one attempt up front (parallel attempts see each other) and stamps its time */
  hit(key: string, now: number): Promise<AttemptCount>;
  /** takes back an attempt counted by hit(); with `refused`, also its time stamp (as if it never came) */
  undo(key: string, refused?: { now: number; previousAt: number | null }): Promise<void>;
  clear(key: string): Promise<void>;
}

const MAX_MEMORY_KEYS = 50_000;

/** One process's counts, bounded: past MAX_MEMORY_KEYS the oldest windows are dropped first. */
export function createMemoryCounter(windowMs: number): AttemptCounter {
  const entries = new Map<string, { count: number; lastAt: number | null; resetAt: number }>();
  return {
    async hit(key, now) {
      let e = entries.get(key);
      if (!e || e.resetAt <= now) {
        entries.delete(key);
        e = { count: 0, lastAt: null, resetAt: now + windowMs };
        if (entries.size >= MAX_MEMORY_KEYS) entries.delete(entries.keys().next().value!);
        entries.set(key, e);
      }
      const previousAt = e.lastAt;
      e.count++;
      e.lastAt = now;
      return { count: e.count, previousAt, resetAt: e.resetAt };
    },
    async undo(key, refused) {
      const e = entries.get(key);
      if (!e) return;
      if (e.count > 0) e.count--;
      if (refused && e.lastAt === refused.now) e.lastAt = refused.previousAt;
    },
    async clear(key) {
      entries.delete(key);
    },
  };
}

// count, stamp and read in one step; the window starts with the first attempt
const HIT = `
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local prev = redis.call('HGET', KEYS[1], 'at')
redis.call('HSET', KEYS[1], 'at', ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, prev or '', ttl}
`;
// only while the window lives: a write to an expired key would create one without expiry
const UNDO = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'n', -1)
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'at') == ARGV[1] then
  if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'at') else redis.call('HSET', KEYS[1], 'at', ARGV[2]) end
end
return 1
`;

/** The same counts in Redis (REDIS_URL), shared by every instance. */
export function createRedisCounter(redis: Redis, windowMs: number, prefix: string): AttemptCounter {
  const k = (key: string) => `${prefix}${key}`;
  return {
    async hit(key, now) {
      const [n, prev, ttl] = (await redis.eval(HIT, {
        keys: [k(key)],
        arguments: [String(windowMs), String(now)],
      })) as [number, string, number];
      return { count: Number(n), previousAt: prev ? Number(prev) : null, resetAt: now + Number(ttl) };
    },
    async undo(key, refused) {
      const args = refused
        ? [String(refused.now), refused.previousAt === null ? '' : String(refused.previousAt)]
        : ['', ''];
      await redis.eval(UNDO, { keys: [k(key)], arguments: args });
    },
    async clear(key) {
      await redis.del(k(key));
    },
  };
}
