type IdleWindow = Window & {
  requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * Runs `cb` when the browser is idle, or after `timeoutMs` at the latest (a busy page still gets there); where there
 * is no requestIdleCallback (Safari), after a short timer. Returns a cancel function.
 */
export function whenIdle(cb: () => void, timeoutMs = 300): () => void {
  const win = window as IdleWindow;
  if (win.requestIdleCallback && win.cancelIdleCallback) {
    const handle = win.requestIdleCallback(cb, { timeout: timeoutMs });
    return () => win.cancelIdleCallback?.(handle);
  }
  const handle = setTimeout(cb, 16);
  return () => clearTimeout(handle);
}
