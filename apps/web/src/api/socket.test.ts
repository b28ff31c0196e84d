// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createSocket } from './socket';

interface Backoff {
  duration(): number;
  reset(): void;
}

describe('socket reconnect timing', () => {
  it('never waits more than half a second between tries, however long the server is away, and jitters the first ones', () => {
    const firsts: number[] = [];
    for (let device = 0; device < 50; device++) {
      const socket = createSocket();
      // socket.io's own backoff (Manager.backoff), with the options the app passes
      const backoff = (socket.io as unknown as { backoff: Backoff }).backoff;
      backoff.reset();
      const delays = Array.from({ length: 200 }, () => backoff.duration());
      firsts.push(delays[0]!);
      expect(Math.max(...delays)).toBeLessThanOrEqual(500);
      expect(Math.min(...delays)).toBeGreaterThan(0);
    }
    // devices do not all come back at the same instant
    expect(new Set(firsts).size).toBeGreaterThan(10);
  });
});
