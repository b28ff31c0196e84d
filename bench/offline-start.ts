// `tsx offline-start.ts`: cold start of the installed app offline (issue 12 point 6, decision 031). A Chromium
// profile on disk with Pigeon's service worker in control and the device's copy of the Inbox filled; each run
// starts the browser afresh on that profile and opens /mail/INBOX, and times the page's own clock from the
// navigation to the first row painted. Offline (the shell from the worker, the rows from IndexedDB) against the
// baseline in the same run, interleaved: the same cold start online (the shell from the worker, rows from the
// server). Needs the web build and the Prisma client, like e2e.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type BrowserContext } from '@playwright/test';
import { createUser, ensureMailFixture, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, freePort, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 60);
type Mode = 'offline' | 'online';

/** Records, in the page, when the first message row has been painted (performance.now(): from the navigation). */
const FIRST_ROW = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="message-row"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__firstRow = performance.now())));
  }).observe(document, { childList: true, subtree: true });
`;

async function launch(dir: string, baseURL: string, nowhere: string): Promise<BrowserContext> {
  // everything but the app goes to a loopback port nobody listens on (a profile makes Chromium call home)
  return chromium.launchPersistentContext(dir, {
    ...chromiumLaunchOptions,
    baseURL,
    proxy: { server: nowhere, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = await createUser('bench-offline');
  await seedMailbox(user, MESSAGES, { precache: true, inboxOnly: true });
  const server = await startPigeon({ port: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-bench-profile-'));
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  try {
    // install: sign in, the worker takes control, the device keeps the Inbox
    let context = await launch(dir, server.url, nowhere);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('message-row').first().waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    // the device keeps the newest messages in the background, one at a time; the probe never creates the
    // database (an empty one would stand in the way of the app's own)
    const kept = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('pigeon-device-mail');
            open.onupgradeneeded = () => open.transaction?.abort();
            open.onerror = () => resolve(0);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('messages')) return (db.close(), resolve(0));
              const count = db.transaction('messages').objectStore('messages').count();
              count.onsuccess = () => (db.close(), resolve(count.result));
            };
          }),
      );
    await expect
      .poll(kept, { timeout: 600_000, message: 'messages kept on the device' })
      .toBeGreaterThanOrEqual(Math.min(MESSAGES, 200));
    await context.close();

    const results: Record<Mode, number[]> = { offline: [], online: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const mode of (run % 2 ? ['online', 'offline'] : ['offline', 'online']) as Mode[]) {
        context = await launch(dir, server.url, nowhere);
        await context.addInitScript(FIRST_ROW);
        if (mode === 'offline') await context.setOffline(true);
        // a page opened after the emulation, so that not even its first request goes out
        page = await context.newPage();
        await page.goto('/mail/INBOX');
        await page
          .waitForFunction(() => (window as { __firstRow?: number }).__firstRow !== undefined, undefined, {
            timeout: 30_000,
          })
          .catch(async (error: unknown) => {
            await page.screenshot({ path: path.join(os.tmpdir(), `pigeon-bench-offline-${mode}.png`) });
            console.error(
              await page.evaluate(
                () =>
                  new Promise<string>((resolve) => {
                    const open = indexedDB.open('pigeon-device-mail');
                    open.onsuccess = () => {
                      const all = open.result.transaction('folders').objectStore('folders').getAllKeys();
                      all.onsuccess = () => resolve(JSON.stringify({ folders: all.result, ls: { ...localStorage } }));
                    };
                  }),
              ),
            );
            throw new Error(`${mode} run ${run}: no first row (${page.url()})`, { cause: error });
          });
        results[mode].push(await page.evaluate(() => (window as unknown as { __firstRow: number }).__firstRow));
        if (mode === 'offline' && !(await page.getByTestId('offline-indicator').isVisible()))
          throw new Error('offline run without the offline indicator');
        await context.close();
      }
    }
    console.log(
      `cold start of the installed app, navigation → first row painted (ms), ${RUNS} runs each, ${MESSAGES} messages`,
    );
    for (const mode of ['offline', 'online'] as Mode[]) {
      const s = summarize(results[mode]);
      console.log(`${mode.padEnd(8)} median ${s.median}  p95 ${s.p95}  min ${s.min}  max ${s.max}`);
    }
    console.log(
      `load: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

await main();
