import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from './redis.plugin.ts';
import { clientKey } from './net/client-key.ts';

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

interface StoreResult {
  current: number;
  ttl: number;
}

// @fastify/rate-limit's own Redis store needs ioredis; this is the same fixed window over node-redis
const INCR = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}
`;

/** A @fastify/rate-limit store in Redis: every instance counts against the same window. One prefix per route. */
function redisStore(redis: Redis) {
  return class RedisRateStore {
    private readonly prefix: string;
    // the plugin passes its merged options, with the route as `routeInfo` for a route's own store
    constructor(params: object = {}) {
      const info = (params as RouteParams).routeInfo;
      const route = info?.url ? `${String(info.method)} ${info.url}` : 'global';
      this.prefix = `pigeon:rate:${route}:`;
    }
    incr(key: string, cb: (err: Error | null, res?: StoreResult) => void, timeWindow: number): void {
      redis
        .eval(INCR, { keys: [this.prefix + key], arguments: [String(timeWindow)] })
        .then((r) => {
          const [current, ttl] = r as [number, number];
          cb(null, { current: Number(current), ttl: Number(ttl) });
        })
        .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
    }
    child(routeOptions: object) {
      return new RedisRateStore(routeOptions);
    }
  };
}

/**
 * Request rates per client (IPv4 address, IPv6 /64) for the routes that set `config.rateLimit`; none is limited
 * by default. In memory per process (a bounded LRU), or in Redis with REDIS_URL.
 */
export const rateLimitPlugin = fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      keyGenerator: (request) => clientKey(request.ip),
      ...(app.redis ? { store: redisStore(app.redis) } : {}),
    });
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
