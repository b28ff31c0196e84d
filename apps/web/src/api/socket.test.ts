// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSocket, keepConnected, retryDelay, type Reconnectable } from './socket';

/** A socket as the loop sees it: the test moves it between connected, lost and refused. */
function fakeSocket() {
  const listeners = new Map<string, (() => void)[]>();
  const s = {
    connected: false,
    active: true,
    connects: 0,
    connect() {
      s.connects += 1;
    },
    on(event: string, fn: () => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    },
    emit(event: string) {
      for (const fn of listeners.get(event) ?? []) fn();
    },
  };
  return s satisfies Reconnectable;
}

describe('socket reconnect timing', () => {
  it('waits 125–375 ms before the first probe, then never more than half a second, and jitters the first ones', () => {
    const firsts = Array.from({ length: 50 }, () => retryDelay(1));
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(125);
    expect(Math.max(...firsts)).toBeLessThanOrEqual(375);
    expect(new Set(firsts).size).toBeGreaterThan(10);
    for (let attempt = 2; attempt < 200; attempt++) {
      const d = retryDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(500);
    }
  });
});

describe('keepConnected', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries the socket only once the server answers over HTTP (no failed WebSocket per probe)', async () => {
    const socket = fakeSocket();
    let up = false;
    const probes: number[] = [];
    keepConnected(
      socket,
      async () => {
        probes.push(Date.now());
        return up;
      },
      () => 0.5,
    );
    socket.emit('disconnect');
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(500);
    expect(probes.length).toBeGreaterThanOrEqual(20);
    expect(socket.connects).toBe(0);
    up = true;
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.connects).toBe(1);
    // the gaps between probes stay within half a second however long the server was away
    const gaps = probes.slice(1).map((t, i) => t - probes[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
  });

  it('probes again when the socket fails after a good probe, and stops once connected', async () => {
    const socket = fakeSocket();
    keepConnected(socket, async () => true);
    socket.emit('connect_error');
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.connects).toBe(1);
    socket.emit('connect_error');
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.connects).toBe(2);
    socket.connected = true;
    socket.emit('connect');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(socket.connects).toBe(2);
  });

  it('leaves a refused or app-disconnected socket alone (inactive), and stops when told', async () => {
    const socket = fakeSocket();
    const ready = vi.fn(async () => true);
    const stop = keepConnected(socket, ready);
    socket.active = false; // the server's middleware refused it, or the app disconnected it
    socket.emit('connect_error');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ready).not.toHaveBeenCalled();
    socket.active = true;
    socket.emit('disconnect');
    stop();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(socket.connects).toBe(0);
  });

  it('the app socket leaves reconnecting to this loop, not to socket.io (whose tries are WebSockets)', () => {
    const socket = createSocket();
    expect(socket.io.reconnection()).toBe(false);
  });
});
