import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pop3Poller } from './pop3-poller.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A check function that records each run and finishes when told. */
function gate() {
  const runs: (() => void)[] = [];
  return {
    runs,
    run: () => new Promise<void>((resolve) => runs.push(resolve)),
    finish: async () => {
      runs.at(-1)!();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe('Pop3Poller', () => {
  it('checks at once, then every interval after the previous check finished', async () => {
    const g = gate();
    const p = new Pop3Poller({ intervalMs: 300_000 });
    p.watch('a', g.run);
    expect(g.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600_000); // the first check is still running: no second one
    expect(g.runs).toHaveLength(1);
    await g.finish();
    await vi.advanceTimersByTimeAsync(299_999);
    expect(g.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(g.runs).toHaveLength(2);
    await g.finish();
    await p.close();
  });

  it('"check now" runs at once when idle, and once more after a running check (never two at a time)', async () => {
    const g = gate();
    const p = new Pop3Poller({ intervalMs: 300_000 });
    p.watch('a', g.run);
    await g.finish();
    void p.checkNow('a');
    expect(g.runs).toHaveLength(2);
    expect(p.isChecking('a')).toBe(true);
    void p.checkNow('a');
    void p.checkNow('a');
    expect(g.runs).toHaveLength(2);
    await g.finish();
    expect(g.runs).toHaveLength(3); // the coalesced "again"
    await g.finish();
    expect(p.isChecking('a')).toBe(false);
    await p.close();
  });

  it('keeps polling after a failed check and reports the error', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const p = new Pop3Poller({ intervalMs: 1000, onError: (_a, e) => errors.push(e) });
    p.watch('a', async () => {
      calls++;
      throw new Error('server down');
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
    p.unwatch('a');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
  });
});
