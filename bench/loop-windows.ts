import { readFileSync } from 'node:fs';

/** The main thread's time on a CPU so far in ns (Linux schedstat), or null elsewhere. */
function onCpuNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
  } catch {
    return null;
  }
}

export interface LoopWindows {
  /** the longest stretch between two ticks of a 1 ms timer (what an event-loop delay histogram sees) */
  maxWindowMs: number;
  /**
   * the most CPU time the event-loop thread used within one such stretch: the delay the loop would have caused
   * on a machine with a core free for it (the rest of a stretch is the thread waiting for a core)
   */
  maxWindowCpuMs: number | null;
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Watches the event loop with a 1 ms timer until stopped: the longest window between two ticks and the most
 * CPU time the thread spent in one window. On a loaded machine the first grows with every other process; the second
 * is the length of the loop's own longest stretch of work (a task and what ran with it before timers had a turn).
 */
export function watchLoopWindows(): { stop: () => Promise<LoopWindows> } {
  let prev = process.hrtime.bigint();
  let prevCpu = onCpuNs();
  let maxWindowMs = 0;
  let maxCpuMs: number | null = prevCpu === null ? null : 0;
  const tick = () => {
    const now = process.hrtime.bigint();
    const cpu = onCpuNs();
    maxWindowMs = Math.max(maxWindowMs, Number(now - prev) / 1e6);
    if (cpu !== null && prevCpu !== null && maxCpuMs !== null) maxCpuMs = Math.max(maxCpuMs, (cpu - prevCpu) / 1e6);
    prev = now;
    prevCpu = cpu;
  };
  const timer = setInterval(tick, 1);
  return {
    // one more tick after the work, so its last stretch (which ended the work) is counted
    stop: () =>
      new Promise((resolve) =>
        setTimeout(() => {
          tick();
          clearInterval(timer);
          resolve({ maxWindowMs: round(maxWindowMs), maxWindowCpuMs: maxCpuMs === null ? null : round(maxCpuMs) });
        }, 1),
      ),
  };
}
