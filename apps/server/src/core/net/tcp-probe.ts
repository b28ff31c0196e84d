import net from 'node:net';
import type { CheckedTarget } from './guard.ts';

/** Can a TCP connection to the checked address be opened within the timeout? Closes it at once. */
export function canConnect(
  target: CheckedTarget,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.address, port, timeout: timeoutMs, ...(signal ? { signal } : {}) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
