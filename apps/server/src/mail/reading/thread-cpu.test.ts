import { describe, expect, it } from 'vitest';
import { ownThreadCpu, parseThreadStat, threadCpuMs } from './thread-cpu.ts';

describe('thread CPU time', () => {
  it('reads the thread id and user + system ticks, whatever the command name holds', () => {
    const line = '4242 (node (a) b) R 1 1 1 0 -1 4194304 125 0 0 0 37 5 0 0 20 0 1 0 2194212 3133440 412';
    expect(parseThreadStat(line)).toEqual({ tid: 4242, cpuMs: 420 });
    expect(parseThreadStat('garbage')).toBeNull();
    expect(parseThreadStat('x (y) R')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('measures this thread by its id, and grows with work done', () => {
    const own = ownThreadCpu();
    expect(own).not.toBeNull();
    // work until this thread's own count has grown by two ticks (bounded by wall time on a starved machine)
    const deadline = performance.now() + 30_000;
    let x = 0;
    while ((ownThreadCpu()?.cpuMs ?? Infinity) < own!.cpuMs + 20 && performance.now() < deadline)
      for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(threadCpuMs(own!.tid)).toBeGreaterThanOrEqual(own!.cpuMs + 20);
    expect(threadCpuMs(2 ** 30)).toBeNull();
  });
});
