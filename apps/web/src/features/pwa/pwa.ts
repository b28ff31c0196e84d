import { ref } from 'vue';
import { registerSW } from 'virtual:pwa-register';

/** True once a new release's service worker is installed and waits for the user to reload. */
export const updateWaiting = ref(false);

const HOUR_MS = 3_600_000;
let update: ((reload?: boolean) => Promise<void>) | null = null;

/**
 * Registers the service worker (decision 023). A new release installs in the background and waits: the app
 * shows "update available — reload" instead of swapping code under an open composer. A tab left open asks for
 * a new release every hour, and when a chunk of the running release is gone from the server.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    onNeedRefresh: () => (updateWaiting.value = true),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      setInterval(() => void registration.update().catch(() => {}), HOUR_MS);
      // Vite fires this when a lazily loaded chunk failed: after a release its old name is gone
      window.addEventListener('vite:preloadError', () => void registration.update().catch(() => {}));
    },
  });
}

/**
 * Activates the waiting release and reloads the page into it. The reload follows the worker's
 * `controllerchange` itself: workbox-window reloads only when this tab was already controlled when it
 * registered, which a first visit's tab is not.
 */
export function reloadIntoUpdate(): void {
  if (!update || !('serviceWorker' in navigator)) return window.location.reload();
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void update(true);
}

export function dismissUpdate(): void {
  updateWaiting.value = false;
}
