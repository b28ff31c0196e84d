import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../core/app-error.ts';
import { createSignInLimiter } from './auth.rate-limit.ts';
import { waitBeforeAttempt } from './sign-in-policy.ts';

const limits = { signInLimitPerIp: 5, signInLimitPerAccount: 3, signInLimitWindowSeconds: 600 };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

/** a limiter on a clock the test moves; `later()` steps past any slow-down but stays inside the window */
function setup(config = limits) {
  let clock = 1_000_000;
  const limiter = createSignInLimiter(config, null, () => clock);
  const begin = (ip: string, account: string, knownDevice: string | null = null) =>
    limiter.begin({ ip, account, knownDevice });
  const later = (ms = 30_000) => (clock += ms);
  const fail = async (ip: string, account: string, times: number, knownDevice: string | null = null) => {
    for (let i = 0; i < times; i++) {
      await (await begin(ip, account, knownDevice)).failed();
      later();
    }
  };
  return { begin, later, fail };
}

describe('sign-in limiter', () => {
  it('refuses an account from unknown devices after its failed attempts, with Retry-After in seconds', async () => {
    const { begin, fail } = setup();
    await fail('10.0.0.1', 'alice@school.test', 3);
    const err = await rejection(begin('10.0.0.2', 'alice@school.test'));
    expect(err.statusCode).toBe(429);
    expect(err.code).toBe('auth.rate_limited');
    const retry = Number(err.extra.headers?.['retry-after']);
    expect(retry).toBeGreaterThan(400);
    expect(retry).toBeLessThanOrEqual(600);
    // other accounts are unaffected
    await expect(begin('10.0.0.2', 'bob@school.test')).resolves.toBeDefined();
  });

  it('refuses an IP after its failed attempts, whatever the account', async () => {
    const { begin, fail } = setup();
    for (let i = 0; i < 5; i++) await fail('10.0.0.1', `user${i}@school.test`, 1);
    expect((await rejection(begin('10.0.0.1', 'new@school.test'))).code).toBe('auth.rate_limited');
    await expect(begin('10.0.0.9', 'new@school.test')).resolves.toBeDefined();
  });

  it('counts IPv6 clients by /64: a new address in the same /64 is the same client', async () => {
    const { begin, fail } = setup();
    for (let i = 0; i < 5; i++) await fail(`2001:db8:7:7::${i + 1}`, `user${i}@school.test`, 1);
    expect((await rejection(begin('2001:db8:7:7:ffff::99', 'new@school.test'))).code).toBe('auth.rate_limited');
    await expect(begin('2001:db8:7:8::1', 'new@school.test')).resolves.toBeDefined();
  });

  it('slows a source down after half its limit: the next attempt must wait 1 s, then 2 s', async () => {
    const { begin, later } = setup({ ...limits, signInLimitPerAccount: 100, signInLimitPerIp: 6 });
    for (let i = 0; i < 3; i++) await (await begin('10.0.0.1', `u${i}@school.test`)).failed(); // free, back to back
    const err = await rejection(begin('10.0.0.1', 'u3@school.test'));
    expect(err.extra.details).toEqual({ retryAfterSeconds: 1 });
    later(1000);
    await (await begin('10.0.0.1', 'u3@school.test')).failed();
    later(1000);
    expect((await rejection(begin('10.0.0.1', 'u4@school.test'))).extra.details).toEqual({ retryAfterSeconds: 1 });
    later(1000);
    await expect(begin('10.0.0.1', 'u4@school.test')).resolves.toBeDefined();
  });

  it('lets a known device sign in while its account is blocked for unknown devices, and limits it on its own', async () => {
    const { begin, fail } = setup();
    await fail('203.0.113.9', 'alice@school.test', 3);
    expect((await rejection(begin('10.0.0.1', 'alice@school.test'))).code).toBe('auth.rate_limited');
    // the real user's browser, even behind the attacker's address
    await (await begin('203.0.113.9', 'alice@school.test', 'device-a')).succeeded();
    // a known device that keeps failing is blocked itself, and only itself
    await fail('10.0.0.1', 'alice@school.test', 3, 'device-b');
    expect((await rejection(begin('10.0.0.1', 'alice@school.test', 'device-b'))).code).toBe('auth.rate_limited');
    await expect(begin('10.0.0.1', 'alice@school.test', 'device-a')).resolves.toBeDefined();
  });

  it('a success from an unknown device starts its account over and does not use up the IP', async () => {
    const { begin, fail, later } = setup();
    await fail('10.0.0.1', 'alice@school.test', 2);
    await (await begin('10.0.0.1', 'alice@school.test')).succeeded();
    await fail('10.0.0.1', 'alice@school.test', 2);
    for (let i = 0; i < 10; i++) {
      await (await begin('10.0.0.1', `ok${i}@school.test`)).succeeded();
      later();
    }
    await expect(begin('10.0.0.1', 'alice@school.test')).resolves.toBeDefined();
  });

  it('does not count abandoned attempts or refused ones', async () => {
    const { begin, fail, later } = setup();
    for (let i = 0; i < 10; i++) await (await begin('10.0.0.1', 'alice@school.test')).abandoned();
    await fail('10.0.0.1', 'alice@school.test', 3);
    for (let i = 0; i < 3; i++) await rejection(begin('10.0.0.1', 'alice@school.test'));
    // the refused attempts did not use up the IP: two more failures for other accounts are still allowed
    await fail('10.0.0.1', 'bob@school.test', 2);
    later();
    expect((await rejection(begin('10.0.0.1', 'carol@school.test'))).code).toBe('auth.rate_limited');
  });

  it('lets no more than the limit through when attempts run in parallel', async () => {
    const { begin } = setup();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => begin('10.0.0.1', 'alice@school.test')));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
  });

  it('settles an attempt only once', async () => {
    const { begin, fail, later } = setup();
    const a = await begin('10.0.0.1', 'alice@school.test');
    await a.failed();
    await a.abandoned();
    later();
    await fail('10.0.0.1', 'alice@school.test', 2);
    expect((await rejection(begin('10.0.0.1', 'alice@school.test'))).code).toBe('auth.rate_limited');
  });

  it('starts over when the window ends', async () => {
    const { begin, fail, later } = setup();
    await fail('10.0.0.1', 'alice@school.test', 3);
    await rejection(begin('10.0.0.1', 'alice@school.test'));
    later(600_000);
    await expect(begin('10.0.0.1', 'alice@school.test')).resolves.toBeDefined();
  });
});

describe('waitBeforeAttempt', () => {
  const at = 100_000;
  const c = (count: number, previousAt: number | null) => ({ count, previousAt, resetAt: at + 500_000 });
  it('is free for the first half of the limit, then doubles, then blocks until the window ends', () => {
    expect(waitBeforeAttempt(c(1, null), { limit: 10 }, at)).toBe(0);
    expect(waitBeforeAttempt(c(5, at), { limit: 10 }, at)).toBe(0);
    expect(waitBeforeAttempt(c(6, at), { limit: 10 }, at)).toBe(1000);
    expect(waitBeforeAttempt(c(7, at - 500), { limit: 10 }, at)).toBe(1500);
    expect(waitBeforeAttempt(c(9, at - 8000), { limit: 10 }, at)).toBe(0);
    expect(waitBeforeAttempt(c(11, at), { limit: 10 }, at)).toBe(500_000);
  });
});
