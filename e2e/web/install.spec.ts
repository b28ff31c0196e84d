import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { expect, signIn, test } from '../fixtures.ts';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { freePort, repoRoot, startPigeon } from '../support/pigeon-server.ts';

/**
 * A browser profile on disk: Playwright's usual contexts are incognito, where Chromium never offers to install
 * an app ("in-incognito"). A profile also makes Chromium itself call Google (time, component updates, sign-in):
 * everything but the app goes to a loopback port nobody listens on, so it fails at once and leaves nothing.
 */
async function profileContext(baseURL: string): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-e2e-profile-'));
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumLaunchOptions,
    baseURL,
    proxy: { server: nowhere, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker controls the page (it claims its clients once active). */
async function controlled(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

test('Chromium reports the app installable: manifest with icons, a service worker in control', async ({ baseURL }) => {
  const { context, close } = await profileContext(baseURL!);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/sign-in');
  expect(new URL(await controlled(page)).pathname).toBe('/sw.js');

  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(new URL(manifest.url).pathname).toBe('/manifest.webmanifest');
  expect(manifest.errors).toEqual([]);
  const parsed = JSON.parse(manifest.data ?? '{}') as { icons?: { sizes: string; purpose?: string }[] };
  const sizes = (parsed.icons ?? []).map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));

  await expect
    .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, {
      message: 'installability errors',
      timeout: 15_000,
    })
    .toEqual([]);
  await close();
});

test('offline, the app shell still starts; nothing from /api or /socket.io is ever cached', async ({
  context,
  page,
  user,
}) => {
  await signIn(page, user);
  await controlled(page);
  await page.getByTestId('compose-open').click();
  await expect(page.getByTestId('compose-body')).toBeVisible();
  await page.getByTestId('compose-close').click();

  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(
    cached.some((p) => p.startsWith('/assets/app-')),
    `cached: ${cached.join(', ')}`,
  ).toBe(true);
  expect(cached.filter((p) => p.startsWith('/api') || p.startsWith('/socket.io'))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  // the session cannot be checked offline: the app starts from the worker's cache for the user this device
  // remembers, on the mail it kept (decision 031; e2e/offline covers the mail itself)
  await expect(page.getByTestId('message-list')).toBeVisible();
  await expect(page.getByTestId('offline-indicator')).toHaveAttribute('data-offline', 'true');
  await context.setOffline(false);
});

test('a new release waits for "update available — reload", then the page runs it', async () => {
  test.setTimeout(120_000); // a second server of its own
  // a server of its own over a copy of the build, so this test can publish a "new release" of sw.js
  const dist = mkdtempSync(path.join(os.tmpdir(), 'pigeon-e2e-dist-'));
  cpSync(path.join(repoRoot, 'apps/web/dist'), dist, { recursive: true });
  const server = await startPigeon({ env: { WEB_DIST_DIR: dist } });
  const { context, close } = await profileContext(server.url);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/sign-in');
    await controlled(page);
    await expect(page.getByTestId('pwa-update')).toBeHidden();

    rmSync(path.join(dist, 'sw.js.br'), { force: true });
    rmSync(path.join(dist, 'sw.js.gz'), { force: true });
    appendFileSync(path.join(dist, 'sw.js'), '\n// release 2\n');
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });

    await expect(page.getByTestId('pwa-update')).toBeVisible();
    await expect(page.getByTestId('login-submit')).toBeVisible(); // nothing swapped under the user yet
    const reloaded = page.waitForEvent('load');
    await page.getByTestId('pwa-update-reload').click();
    await reloaded;
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await expect(page.getByTestId('pwa-update')).toBeHidden();
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null))
      .toBeNull();
  } finally {
    await close();
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});
