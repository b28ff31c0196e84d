import type { BrowserContext, Page, Worker } from '@playwright/test';
import { mailFixture } from '@pigeon/mail-fixture';
import { apiRoutes, type PushNotice, type PushState } from '@pigeon/shared';
import { expect, signIn, test as base, uniqueSubject } from '../fixtures.ts';
import { startPigeon, type PigeonServer } from '../support/pigeon-server.ts';
import { localPushService, subscriptionKeys } from '../support/push-service.ts';

// Web push (decision 027) through the settings, the server, a push service on 127.0.0.1 and the service worker.
// The one stand-in: the browser's own registration at its push service (Chromium's is Google's, off this
// machine) is replaced in the page by a subscription to the local push service, with keys this test holds; the
// test then hands each pushed payload to the service worker through the DevTools protocol, as a push service would.
const keys = subscriptionKeys();
type PushService = Awaited<ReturnType<typeof localPushService>>;

// a push service on 127.0.0.1, and a Pigeon of its own that may send there (WEB_PUSH_SERVICES)
const test = base.extend<object, { service: PushService; pigeon: PigeonServer }>({
  service: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const service = await localPushService();
      await use(service);
      await service.close();
    },
    { scope: 'worker' },
  ],
  pigeon: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const pigeon = await startPigeon({
        env: { WEB_PUSH_SERVICES: '127.0.0.1', WEB_PUSH_CA_FILE: mailFixture.caPath },
      });
      await use(pigeon);
      await pigeon.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ pigeon }, use) => use(pigeon.url),
});

/**
 * The page's push manager subscribes at the local push service (the subscription outlives page loads, as a
 * browser's does); permission prompts and unsubscribes are counted.
 */
async function standInPushService(context: BrowserContext, endpoint: string): Promise<void> {
  await context.addInitScript(
    ({ endpoint, p256dh, auth }) => {
      const store = window.localStorage;
      const bump = (name: string) => store.setItem(name, String(Number(store.getItem(name) ?? 0) + 1));
      const subscription = (key: number[]) => ({
        endpoint,
        options: { applicationServerKey: new Uint8Array(key).buffer, userVisibleOnly: true },
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          store.removeItem('standin.key');
          bump('standin.unsubscribes');
          return true;
        },
      });
      PushManager.prototype.getSubscription = async () => {
        const key = store.getItem('standin.key');
        return (key ? subscription(JSON.parse(key) as number[]) : null) as PushSubscription | null;
      };
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        const key = [...(options?.applicationServerKey as Uint8Array)];
        store.setItem('standin.key', JSON.stringify(key));
        return subscription(key) as unknown as PushSubscription;
      };
      const ask = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = () => {
        bump('standin.permissionAsks');
        return ask();
      };
    },
    { endpoint, p256dh: keys.p256dh, auth: keys.auth },
  );
}

const pushState = (page: Page) =>
  page.evaluate(async (url) => (await fetch(url)).json() as Promise<PushState>, apiRoutes.push);
const counter = (page: Page, name: 'permissionAsks' | 'unsubscribes') =>
  page.evaluate((n) => Number(localStorage.getItem(`standin.${n}`) ?? 0), name);

/** Mail delivered while no Pigeon page is open is pushed; the payload as the device decrypts it. */
async function pushedWhileAway(
  service: PushService,
  page: Page,
  deliver: () => Promise<number>,
): Promise<{ notice: PushNotice; uid: number; text: string }> {
  const before = service.received.length;
  await page.goto('about:blank');
  const uid = await deliver();
  await expect.poll(() => service.received.length, { timeout: 30_000 }).toBe(before + 1);
  const text = keys.open(service.received[before]!);
  return { notice: JSON.parse(text) as PushNotice, uid, text };
}

/** Hands a push to the service worker the way the browser's push service would (DevTools protocol). */
async function deliverToWorker(pigeon: PigeonServer, page: Page, data: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const registration = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${pigeon.url}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: pigeon.url, registrationId: await registration, data });
  await cdp.detach();
}

const shown = (page: Page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      url: (n.data as { url: string }).url,
    })),
  );

test('a device opts in from its settings, gets new mail as a notification while away, and a click opens it', async ({
  context,
  page,
  user,
  mailbox,
  pigeon,
  service,
}) => {
  test.slow(); // a Pigeon of its own, and two deliveries through the watcher
  await standInPushService(context, `${service.url}/push/device-1`);
  await signIn(page, user);
  await page.goto('/settings/devices');
  const enable = page.getByTestId('push-enable');
  const showContent = page.getByTestId('push-show-content');
  await expect(enable).not.toBeChecked();
  await expect(showContent).toBeDisabled();
  expect(await counter(page, 'permissionAsks'), 'no permission prompt before the click').toBe(0);

  // the browser does not allow it (nobody answers the prompt here): nothing is subscribed, the page says why
  await enable.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('push-problem')).toBeVisible();
  await expect(enable).not.toBeChecked();
  expect(await counter(page, 'permissionAsks')).toBe(1);
  expect(await pushState(page)).toMatchObject({ available: true, subscribed: false });

  // allowed: the switch subscribes this device, without content until the device chooses it
  await context.grantPermissions(['notifications'], { origin: pigeon.url });
  await page.keyboard.press('Space');
  await expect.poll(() => pushState(page)).toMatchObject({ subscribed: true, showContent: false });
  await expect(enable).toHaveAttribute('aria-busy', 'false');
  await expect(enable).toBeChecked();
  await expect(page.getByTestId('push-problem')).toHaveCount(0);
  await showContent.focus();
  await page.keyboard.press('Space');
  await expect(showContent).toBeChecked();
  await expect.poll(() => pushState(page)).toMatchObject({ subscribed: true, showContent: true });

  // away (no Pigeon page open): the new mail is pushed with sender and subject, and shown by the worker
  const subject = uniqueSubject('Push with content');
  const away = await pushedWhileAway(service, page, () =>
    mailbox.deliver({ subject, from: 'Ada Teacher <ada@school.test>' }),
  );
  expect(away.notice).toMatchObject({ kind: 'mail.new', path: 'INBOX', uid: away.uid, subject, from: 'Ada Teacher' });
  await page.goto('/settings/devices');
  await deliverToWorker(pigeon, page, away.text);
  await expect
    .poll(() => shown(page))
    .toEqual([{ title: 'Ada Teacher', body: subject, url: `/mail/INBOX/${away.uid}` }]);

  // a click on it, with this window open: the window goes to that message
  const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(async () => {
    const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
    const [notification] = await scope.registration.getNotifications();
    const NotificationEvent = (globalThis as unknown as { NotificationEvent: new (t: string, i: object) => Event })
      .NotificationEvent;
    scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
  });
  await expect(page).toHaveURL(new RegExp(`/mail/INBOX/${away.uid}$`));
  await expect(page.getByTestId('reader-subject')).toHaveText(subject);
  await expect.poll(() => shown(page), 'the clicked notification is closed').toEqual([]);

  // the device turns content off again: the next notice names nobody and nothing
  await page.goto('/settings/devices');
  await showContent.click();
  await expect(showContent).not.toBeChecked();
  await expect.poll(() => pushState(page)).toMatchObject({ subscribed: true, showContent: false });
  const quiet = uniqueSubject('Push without content');
  const second = await pushedWhileAway(service, page, () =>
    mailbox.deliver({ subject: quiet, from: 'Ada Teacher <ada@school.test>' }),
  );
  expect(second.text).not.toContain(quiet);
  expect(second.notice).not.toHaveProperty('from');
  await page.goto('/mail/INBOX');
  await deliverToWorker(pigeon, page, second.text);
  await expect
    .poll(() => shown(page))
    .toEqual([{ title: 'New mail in Pigeon', body: 'You have a new message.', url: `/mail/INBOX/${second.uid}` }]);

  // signing out drops the browser's subscription too (the server removes its row with the session)
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect.poll(() => counter(page, 'unsubscribes')).toBe(1);
  expect(
    await page.evaluate(async () => (await navigator.serviceWorker.ready).pushManager.getSubscription()),
  ).toBeNull();
});
