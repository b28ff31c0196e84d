import fp from 'fastify-plugin';
import { createClient, type RedisClientType } from 'redis';
import type { Config } from '../config.ts';

export type Redis = RedisClientType;

declare module 'fastify' {
  interface FastifyInstance {
    /** the shared Redis when `REDIS_URL` is set (scale-out), else null: single-instance behaviour */
    redis: Redis | null;
  }
}

/** Connects to `REDIS_URL` before the plugins that need it; closed after them (onClose runs in reverse order). */
export const redisPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    if (!config.redisUrl) {
      app.decorate('redis', null);
      return;
    }
    const redis = createClient({ url: config.redisUrl }) as Redis;
    // without a listener node-redis throws on errors; it reconnects by itself
    redis.on('error', (err: Error) => app.log.warn({ err: { message: err.message } }, 'redis: connection error'));
    await redis.connect();
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      await redis.close().catch(() => {});
    });
  },
  { name: 'redis' },
);
