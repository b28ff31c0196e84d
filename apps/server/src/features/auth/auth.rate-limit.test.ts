import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../core/app-error.ts';
import { createSignInLimiter } from './auth.rate-limit.ts';

const limits = { signInLimitPerIp: 5, signInLimitPerAccount: 3, signInLimitWindowSeconds: 600 };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

async function fail(limiter: ReturnType<typeof createSignInLimiter>, ip: string, account: string, times: number) {
  for (let i = 0; i < times; i++) await (await limiter.begin(ip, account)).failed();
}

describe('sign-in limiter', () => {
  it('refuses an account after its failed attempts, with Retry-After in seconds', async () => {
    const limiter = createSignInLimiter(limits);
    await fail(limiter, '10.0.0.1', 'alice@school.test', 3);
    const err = await rejection(limiter.begin('10.0.0.2', 'alice@school.test'));
    expect(err.statusCode).toBe(429);
    expect(err.code).toBe('auth.rate_limited');
    const retry = Number(err.extra.headers?.['retry-after']);
    expect(retry).toBeGreaterThan(590);
    expect(retry).toBeLessThanOrEqual(600);
    // other accounts are unaffected
    await expect(limiter.begin('10.0.0.2', 'bob@school.test')).resolves.toBeDefined();
  });

  it('refuses an IP after its failed attempts, whatever the account', async () => {
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 5; i++) await fail(limiter, '10.0.0.1', `user${i}@school.test`, 1);
    expect((await rejection(limiter.begin('10.0.0.1', 'new@school.test'))).code).toBe('auth.rate_limited');
    await expect(limiter.begin('10.0.0.9', 'new@school.test')).resolves.toBeDefined();
  });

  it('starts the account over after a success, and successes do not use up the IP', async () => {
    const limiter = createSignInLimiter(limits);
    await fail(limiter, '10.0.0.1', 'alice@school.test', 2);
    await (await limiter.begin('10.0.0.1', 'alice@school.test')).succeeded();
    await fail(limiter, '10.0.0.1', 'alice@school.test', 2);
    for (let i = 0; i < 10; i++) await (await limiter.begin('10.0.0.1', `ok${i}@school.test`)).succeeded();
    await expect(limiter.begin('10.0.0.1', 'alice@school.test')).resolves.toBeDefined();
  });

  it('does not count abandoned attempts or refused ones', async () => {
    const limiter = createSignInLimiter(limits);
    for (let i = 0; i < 10; i++) await (await limiter.begin('10.0.0.1', 'alice@school.test')).abandoned();
    await fail(limiter, '10.0.0.1', 'alice@school.test', 3);
    for (let i = 0; i < 3; i++) await rejection(limiter.begin('10.0.0.1', 'alice@school.test'));
    // the refused attempts did not use up the IP: two more failures for other accounts are still allowed
    await fail(limiter, '10.0.0.1', 'bob@school.test', 2);
    expect((await rejection(limiter.begin('10.0.0.1', 'carol@school.test'))).code).toBe('auth.rate_limited');
  });

  it('lets no more than the limit through when attempts run in parallel', async () => {
    const limiter = createSignInLimiter(limits);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => limiter.begin('10.0.0.1', 'alice@school.test')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });

  it('settles an attempt only once', async () => {
    const limiter = createSignInLimiter(limits);
    const a = await limiter.begin('10.0.0.1', 'alice@school.test');
    await a.failed();
    await a.abandoned();
    await fail(limiter, '10.0.0.1', 'alice@school.test', 2);
    expect((await rejection(limiter.begin('10.0.0.1', 'alice@school.test'))).code).toBe('auth.rate_limited');
  });
});
