import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleTurn, whenIdle, type IdleWindow } from './idle';

function idleWindow() {
  const calls: Array<{ cb: () => void; timeout: number | undefined }> = [];
  const cancelled: number[] = [];
  const win: IdleWindow = {
    requestIdleCallback: (cb, options) => calls.push({ cb, timeout: options?.timeout }),
    cancelIdleCallback: (handle) => cancelled.push(handle),
  };
  return { win, calls, cancelled };
}

afterEach(() => vi.useRealTimers());

describe('whenIdle', () => {
  it('asks the browser for an idle period with the given longest wait, and cancels it', () => {
    const { win, calls, cancelled } = idleWindow();
    const cb = vi.fn();
    const cancel = whenIdle(cb, { timeoutMs: 3000 }, win);
    expect(calls.map((c) => c.timeout)).toEqual([3000]);
    expect(cb).not.toHaveBeenCalled();
    calls[0]!.cb();
    expect(cb).toHaveBeenCalledOnce();
    cancel();
    expect(cancelled).toEqual([1]);
    whenIdle(cb, undefined, win);
    expect(calls[1]!.timeout).toBe(300);
  });

  it('without requestIdleCallback, runs after the fallback timer unless cancelled', () => {
    vi.useFakeTimers();
    const cb = vi.fn();
    whenIdle(cb, { fallbackMs: 200 }, {});
    vi.advanceTimersByTime(199);
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cb).toHaveBeenCalledOnce();

    const other = vi.fn();
    whenIdle(other, {}, {})();
    vi.advanceTimersByTime(1000);
    expect(other).not.toHaveBeenCalled();
  });

  it('idleTurn resolves in the idle period', async () => {
    const { win, calls } = idleWindow();
    let done = false;
    const turn = idleTurn({ timeoutMs: 2000 }, win).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    calls[0]!.cb();
    await turn;
    expect(calls[0]!.timeout).toBe(2000);
  });
});
