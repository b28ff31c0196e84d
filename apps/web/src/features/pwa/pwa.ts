import { ref } from 'vue';
import { isNoticeUrl } from './push-display';

/** True once a new release's service worker is installed and waits for the user to reload. */
export const updateWaiting = ref(false);

const HOUR_MS = 3_600_000;
let registration: ServiceWorkerRegistration | null = null;

/** A worker that finished installing while an older one controls this page is a release waiting to start. */
function watchInstalling(worker: ServiceWorker | null): void {
  worker?.addEventListener('statechange', () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller) updateWaiting.value = true;
  });
}

/**
 * Registers the service worker (decision 023) with the browser's own API: workbox-window would add a chunk
 * to the first visit for these few lines. A new release installs in the background and waits: the app shows
 * "update available — reload" instead of swapping code under an open composer. A tab left open asks for a new
 * release every hour, and when a chunk of the running release is gone from the server.
 */
export function registerServiceWorker(open: (path: string) => void): void {
  if (!('serviceWorker' in navigator)) return;
  // a click on a new-mail notification, in this window (the worker focused it): go to that message
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; url?: unknown }>) => {
    if (event.data?.type === 'pigeon.open' && isNoticeUrl(event.data.url)) open(event.data.url);
  });
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((reg) => {
      registration = reg;
      if (reg.waiting && navigator.serviceWorker.controller) updateWaiting.value = true;
      watchInstalling(reg.installing);
      reg.addEventListener('updatefound', () => watchInstalling(reg.installing));
      const check = () => void reg.update().catch(() => {});
      setInterval(check, HOUR_MS);
      // Vite fires this when a lazily loaded chunk failed: after a release its old name is gone
      window.addEventListener('vite:preloadError', check);
    })
    .catch(() => {
      // no worker (private mode, blocked by policy): the app runs as a plain page
    });
}

/**
 * Activates the waiting release and reloads the page into it, once the new worker has taken control (the
 * worker's SKIP_WAITING message is Workbox's own).
 */
export function reloadIntoUpdate(): void {
  const waiting = registration?.waiting;
  if (!waiting || !('serviceWorker' in navigator)) return window.location.reload();
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

export function dismissUpdate(): void {
  updateWaiting.value = false;
}

/**
 * Drops this browser's push subscription (sign-out, or the session ended): the server removes its row with the
 * session (decision 027), and the next person signing in here starts without one.
 */
export function dropPushSubscription(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistration()
    .then((reg) => reg?.pushManager?.getSubscription())
    .then((sub) => sub?.unsubscribe())
    .catch(() => {});
}
