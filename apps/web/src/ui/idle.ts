/** The part of `window` the idle helpers use (tests pass a fake). */
export interface IdleWindow {
  requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
}

/** How long an idle wait may last: `timeoutMs` at most where the browser knows idleness, `fallbackMs` where not. */
export interface IdleOptions {
  timeoutMs?: number;
  fallbackMs?: number;
}

/**
 * Runs `cb` when the browser is idle, or after `timeoutMs` at the latest (a busy page still gets there); where there
 * is no requestIdleCallback (Safari), after `fallbackMs`. Returns a cancel function. The one copy of this fallback.
 */
export function whenIdle(
  cb: () => void,
  { timeoutMs = 300, fallbackMs = 16 }: IdleOptions = {},
  win: IdleWindow = window as IdleWindow,
): () => void {
  if (win.requestIdleCallback) {
    const handle = win.requestIdleCallback(cb, { timeout: timeoutMs });
    return () => win.cancelIdleCallback?.(handle);
  }
  const handle = setTimeout(cb, fallbackMs);
  return () => clearTimeout(handle);
}

/** `whenIdle` as a promise, for loops that yield to the page between two steps. */
export const idleTurn = (options?: IdleOptions, win?: IdleWindow): Promise<void> =>
  new Promise((resolve) => whenIdle(resolve, options, win));
