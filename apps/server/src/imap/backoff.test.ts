import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('is 0 before the first failure', () => {
    expect(backoffDelay(0)).toBe(0);
  });

  it('doubles the ceiling per attempt and stays within [ceiling/2, ceiling]', () => {
    const low = (a: number) => backoffDelay(a, { baseMs: 100, maxMs: 10_000, random: () => 0 });
    const high = (a: number) => backoffDelay(a, { baseMs: 100, maxMs: 10_000, random: () => 1 });
    expect([1, 2, 3, 4].map(low)).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map(high)).toEqual([100, 200, 400, 800]);
  });

  it('is capped at maxMs, even for huge attempt numbers', () => {
    expect(backoffDelay(50, { baseMs: 100, maxMs: 10_000, random: () => 1 })).toBe(10_000);
    expect(backoffDelay(10_000, { baseMs: 100, maxMs: 10_000, random: () => 0 })).toBe(5_000);
  });

  it('spreads retries (jitter)', () => {
    const values = new Set(Array.from({ length: 20 }, () => backoffDelay(5)));
    expect(values.size).toBeGreaterThan(1);
  });
});
