/// <reference lib="webworker" />
// The service worker (decision 023: app shell and chunks; decision 027: web push), built by vite-plugin-pwa's
// injectManifest from this file; Workbox's modules do what generateSW generated before, the push handlers are ours.
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { pushNotice as en } from '../../i18n/en.json';
import { pushNotice as ko } from '../../i18n/ko.json';
import { isNoticeUrl, noticeDisplay, readNotice } from './push-display';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

// the shell only (vite.config.ts picks it); chunks loaded on demand are cached when first used (below)
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// it never answers /api or /socket.io
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/, /^\/(healthz|readyz|metrics)$/],
  }),
);
// content-hashed, so a cached copy is always right; bounded, and old releases' chunks expire
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
  new CacheFirst({
    cacheName: 'pigeon-chunks',
    plugins: [new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);

// the logo both pages show: kept for offline once shown, not precached (that fetched it twice on the first visit)
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/favicon.svg',
  new StaleWhileRevalidate({ cacheName: 'pigeon-icons' }),
);

// a new release waits until the user chooses reload (pwa.ts sends this)
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

/** The payload as JSON, or null: a push the worker cannot read still shows a notification (the browser requires one). */
function payloadOf(event: PushEvent): unknown {
  try {
    return event.data?.json() ?? null;
  } catch {
    return null;
  }
}

self.addEventListener('push', (event) => {
  const notice = readNotice(payloadOf(event));
  const { title, options } = noticeDisplay(notice, notice?.locale === 'ko' ? ko : en);
  event.waitUntil(self.registration.showNotification(title, options));
});

// a click opens the message: in an open Pigeon window (the app routes there itself), else in a new one
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: unknown } | null)?.url;
  const target = isNoticeUrl(url) ? url : '/';
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (!open) return void (await self.clients.openWindow(target));
      open.postMessage({ type: 'pigeon.open', url: target });
      // focus is the browser's to grant (a click on the notification); the window goes to the message either way
      await open.focus().catch(() => undefined);
    })(),
  );
});
