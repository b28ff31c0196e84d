import type { HistoryState, RouterHistory } from 'vue-router';

type Listen = (type: string, listener: () => void, capture: boolean) => void;

/**
 * The router's history, with each `replace` (j/k to the next message, the message shown after a delete) written to
 * the browser's history later (`later`: after the next paint, when idle) instead of in the middle of the navigation:
 * `history.replaceState` was ~4 ms of each j in a trace, spent before the frame that shows the next message
 * (decision 044). The route itself changes at once; only the address bar follows a moment later. Replaces that come before the write are one write (the last).
 * A push, `go` or `destroy` writes a waiting replace first, so the order of history entries is kept; leaving the page
 * or hiding it writes it too; going back or forward drops it (the browser's entry is then the one to follow).
 */
export function paintFirstHistory(
  base: RouterHistory,
  later: (write: () => void) => void,
  listen: Listen,
): RouterHistory {
  let pending: { to: string; data?: HistoryState } | null = null;
  const write = () => {
    if (!pending) return;
    const { to, data } = pending;
    pending = null;
    base.replace(to, data);
  };
  listen('pagehide', write, true);
  listen('beforeunload', write, true);
  listen('visibilitychange', write, true);
  // before the router's own popstate listener (a capturing listener on the window runs first)
  listen('popstate', () => (pending = null), true);

  return {
    get base() {
      return base.base;
    },
    get location() {
      return pending ? pending.to : base.location;
    },
    get state() {
      return base.state;
    },
    push(to, data) {
      write();
      base.push(to, data);
    },
    replace(to, data) {
      const waiting = pending !== null;
      pending = { to, data };
      if (!waiting) later(write);
    },
    go(delta, triggerListeners) {
      write();
      base.go(delta, triggerListeners);
    },
    listen: (callback) => base.listen(callback),
    createHref: (location) => base.createHref(location),
    destroy() {
      write();
      base.destroy();
    },
  };
}
