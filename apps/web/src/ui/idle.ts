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

/**
 * Runs `cb` once the next frame has been painted. An animation frame callback runs before that frame's style, layout
 * and paint, so work done there delays what the frame shows; `cb` runs in the task after it (a hidden tab paints no
 * frames: there it waits until the tab is shown, as an animation frame callback does).
 */
function afterPaint(cb: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      cb();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Runs `cb` after the next paint, once the page is idle (`whenIdle`): work the user does not wait for (mark
 * read, load ahead, write the address bar) comes after the frame that shows the result and yields to the next input.
 */
export function afterPaintWhenIdle(cb: () => void, options?: IdleOptions): void {
  afterPaint(() => whenIdle(cb, options));
}
