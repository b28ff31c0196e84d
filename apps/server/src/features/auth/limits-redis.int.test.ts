// The limits with REDIS_URL, against a real redis-server: two instances count against the same windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { apiRoutes } from '@pigeon/shared';
import type { Redis } from '../../core/redis.plugin.ts';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { startTestRedis, type TestRedis } from '../../../test/redis-server.ts';
import { createSignInLimiter } from './auth.rate-limit.ts';

let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startTestRedis();
  client = createClient({ url: redis.url }) as Redis;
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

describe('sign-in limits in Redis', () => {
  it('are shared by instances: slow-down, block, known device, refunds and the window', async () => {
    let clock = 5_000_000;
    const limits = { signInLimitPerIp: 100, signInLimitPerAccount: 3, signInLimitWindowSeconds: 600 };
    const a = createSignInLimiter(limits, client, () => clock);
    const b = createSignInLimiter(limits, client, () => clock);
    const account = `redis-${Date.now()}@school.test`;
    const unknown = { ip: '10.50.0.1', account, knownDevice: null };
    await (await a.begin(unknown)).failed();
    await (await b.begin(unknown)).failed();
    await (await a.begin(unknown)).abandoned(); // not counted
    await (await a.begin(unknown)).failed();
    clock += 1000;
    await expect(b.begin(unknown)).rejects.toMatchObject({ code: 'auth.rate_limited' });
    await expect(a.begin({ ...unknown, ip: '10.50.0.2' })).rejects.toMatchObject({ code: 'auth.rate_limited' });
    // a known device of the account is not blocked by the others
    await (await b.begin({ ...unknown, knownDevice: 'device-x' })).succeeded();
    // the window ends in Redis too (its TTL), so the account starts over
    const ttl = await client.pTTL(`pigeon:signin:account:${account}`);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });
});

describe('request rates in Redis', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    one = await buildTestApp({ redisUrl: redis.url, autoconfigRatePerMinute: 3 });
    two = await buildTestApp({ redisUrl: redis.url, autoconfigRatePerMinute: 3 });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('count a client against one window on every instance', async () => {
    const ask = (t: TestApp, ip: string) =>
      t.app.inject({ method: 'GET', url: `${apiRoutes.autoconfigPath}?email=x%40school.test`, remoteAddress: ip });
    expect((await ask(one, '10.60.0.1')).statusCode).toBe(200);
    expect((await ask(two, '10.60.0.1')).statusCode).toBe(200);
    expect((await ask(one, '10.60.0.1')).statusCode).toBe(200);
    const refused = await ask(two, '10.60.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('autoconfig.rate_limited');
    expect((await ask(two, '10.60.0.2')).statusCode).toBe(200);
  });
});
