import { readFileSync } from 'node:fs';

/** /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
const MS_PER_TICK = 10;

/** Thread id and CPU time (user + system, in ms) from one `/proc/.../stat` line; null if it does not parse. Pure. */
export function parseThreadStat(line: string): { tid: number; cpuMs: number } | null {
  const open = line.indexOf(' (');
  const close = line.lastIndexOf(')'); // the command name may itself hold spaces and parentheses
  if (open <= 0 || close < open) return null;
  const tid = Number(line.slice(0, open));
  // after the name: state (field 3), ..., utime (14), stime (15)
  const fields = line.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isSafeInteger(tid) || tid <= 0 || !Number.isFinite(ticks)) return null;
  return { tid, cpuMs: ticks * MS_PER_TICK };
}

/** The calling thread's id and CPU time so far (Linux); null elsewhere. */
export function ownThreadCpu(): { tid: number; cpuMs: number } | null {
  try {
    return parseThreadStat(readFileSync('/proc/thread-self/stat', 'latin1'));
  } catch {
    return null;
  }
}

/** CPU time (ms) a thread of this process has used so far (Linux); null once it is gone or elsewhere. */
export function threadCpuMs(tid: number): number | null {
  try {
    const stat = parseThreadStat(readFileSync(`/proc/self/task/${tid}/stat`, 'latin1'));
    return stat && stat.tid === tid ? stat.cpuMs : null;
  } catch {
    return null;
  }
}
