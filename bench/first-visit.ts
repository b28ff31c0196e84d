// `tsx first-visit.ts`: bytes on the wire per route of a first visit (sign-in page, sign in → inbox, open the
// composer, open the settings pages) in Chromium against the built app: as browsers get them (brotli) and, as
// the baseline in the same run, uncompressed (Accept-Encoding: identity). Each run is a new browser context (an
// empty cache, no service worker yet). Then the bundle from Vite's manifest: every chunk raw, gzip and brotli.
// Needs the web build and the Prisma client, like e2e.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, repoRoot, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROUTES = ['login', 'inbox', 'compose', 'settings'] as const;
type Route = (typeof ROUTES)[number];
type Mode = 'brotli' | 'identity';

interface Visit {
  bytes: Record<Route | 'idle prefetch', number>;
  requests: Record<Route | 'idle prefetch', number>;
  encodings: Set<string>;
}

/** Counts every finished request of the context (page and service worker) into the current bucket. */
function meter(context: BrowserContext) {
  let bucket: keyof Visit['bytes'] = 'login';
  const pending: Promise<void>[] = [];
  const visit: Visit = {
    bytes: { login: 0, inbox: 0, compose: 0, settings: 0, 'idle prefetch': 0 },
    requests: { login: 0, inbox: 0, compose: 0, settings: 0, 'idle prefetch': 0 },
    encodings: new Set(),
  };
  let closed = false;
  context.on('requestfinished', (request) => {
    const into = bucket;
    if (closed) return;
    pending.push(
      (async () => {
        const response = await request.response();
        if (response?.fromServiceWorker()) return; // served from the worker's cache: not on the wire
        const sizes = await request.sizes();
        visit.bytes[into] += sizes.responseBodySize + sizes.responseHeadersSize;
        visit.requests[into] += 1;
        if (/\/assets\//.test(request.url()))
          visit.encodings.add((await response?.headerValue('content-encoding')) ?? 'none');
      })().catch(() => {}), // a request still finishing as the context closes
    );
  });
  return {
    visit,
    async next(to: keyof Visit['bytes'], page: Page) {
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      bucket = to;
    },
    async done(page: Page) {
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      closed = true;
      return visit;
    },
  };
}

async function firstVisit(browser: import('@playwright/test').Browser, baseURL: string, user: MailUser, mode: Mode) {
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: mode === 'identity' ? { 'accept-encoding': 'identity' } : {},
  });
  const page = await context.newPage();
  // data saver: nothing ahead of time, so each route's bytes are its own; the prefetch is measured after
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
  const m = meter(context);

  await page.goto('/sign-in');
  await page.getByTestId('login-submit').waitFor();
  await m.next('inbox', page);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('message-row').first().waitFor();
  await m.next('compose', page);
  await page.getByTestId('compose-open').click();
  await page.getByTestId('compose-body').waitFor();
  await page.getByTestId('compose-close').click();
  await m.next('settings', page);
  await page.getByTestId('devices-link').click();
  await page.waitForURL(/\/settings\/devices/);
  await page.evaluate(() => {
    history.pushState({}, '', '/settings/identities');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.waitForURL(/\/settings\/identities/);
  const visit = await m.done(page);
  await context.close();

  // the same sign-in without data saver: the first visit plus what the page fetches when idle once the inbox
  // is shown (the link finder, the composer, the settings pages; the last of them ends the measurement)
  const idle = await browser.newContext({
    baseURL,
    extraHTTPHeaders: mode === 'identity' ? { 'accept-encoding': 'identity' } : {},
  });
  const idlePage = await idle.newPage();
  const mi = meter(idle);
  const lastPrefetch = idlePage.waitForRequest((r) => /\/DevicesPage-[^/]*\.js$/.test(r.url()), { timeout: 60_000 });
  await idlePage.goto('/sign-in');
  await idlePage.getByTestId('login-email').fill(user.email);
  await idlePage.getByTestId('login-password').fill(user.password);
  await idlePage.getByTestId('login-submit').click();
  await idlePage.getByTestId('message-row').first().waitFor();
  await lastPrefetch;
  const withPrefetch = await mi.done(idlePage);
  await idle.close();
  visit.bytes['idle prefetch'] = withPrefetch.bytes.login - visit.bytes.login - visit.bytes.inbox;
  visit.requests['idle prefetch'] = withPrefetch.requests.login - visit.requests.login - visit.requests.inbox;
  return visit;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function bundleReport(): string {
  const dist = path.join(repoRoot, 'apps/web/dist');
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string; css?: string[]; isEntry?: boolean; isDynamicEntry?: boolean; src?: string }
  >;
  const size = (file: string) => {
    try {
      return statSync(path.join(dist, file)).size;
    } catch {
      return 0;
    }
  };
  const rows = new Map<string, string>();
  for (const [key, chunk] of Object.entries(manifest)) {
    const kind = chunk.isEntry ? 'entry' : chunk.isDynamicEntry ? 'on demand' : 'shared';
    for (const file of [chunk.file, ...(chunk.css ?? [])]) rows.set(file, `${kind.padEnd(9)}  ${chunk.src ?? key}`);
  }
  const lines = [...rows.entries()]
    .map(([file, what]) => ({ file, what, raw: size(file), gz: size(`${file}.gz`), br: size(`${file}.br`) }))
    .sort((a, b) => b.raw - a.raw)
    .map(
      (r) =>
        `${kb(r.raw).padStart(8)}  ${kb(r.gz).padStart(7)}  ${kb(r.br).padStart(7)}  ${r.file.padEnd(38)}  ${r.what}`,
    );
  return [`${'raw KB'.padStart(8)}  ${'gzip'.padStart(7)}  ${'brotli'.padStart(7)}  file`, ...lines].join('\n');
}

async function main() {
  assertBuilt();
  await ensureMailFixture();
  const user = await createUser('bench-weight');
  await seedMailbox(user, 60, { precache: true });
  const server = await startPigeon({ port: 0 });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const results: Record<Mode, Visit[]> = { brotli: [], identity: [] };
    for (let i = 0; i < RUNS; i++)
      for (const mode of ['brotli', 'identity'] as const)
        results[mode].push(await firstVisit(browser, server.url, user, mode)); // interleaved

    console.log(
      `first visit, bytes on the wire per route (KB), ${RUNS} runs each, interleaved; loadavg ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `asset encodings seen: brotli runs ${[...new Set(results.brotli.flatMap((v) => [...v.encodings]))]}, ` +
        `identity runs ${[...new Set(results.identity.flatMap((v) => [...v.encodings]))]}`,
    );
    console.log(
      `${'route'.padEnd(24)}  ${'brotli med'.padStart(10)}  ${'p95'.padStart(6)}  ${'reqs'.padStart(4)}  ${'identity med'.padStart(12)}  ${'p95'.padStart(6)}  ${'ratio'.padStart(5)}`,
    );
    const line = (name: string, pick: (v: Visit) => number, reqs: (v: Visit) => number) => {
      const b = summarize(results.brotli.map(pick));
      const u = summarize(results.identity.map(pick));
      console.log(
        `${name.padEnd(24)}  ${kb(b.median).padStart(10)}  ${kb(b.p95).padStart(6)}  ${String(reqs(results.brotli[0]!)).padStart(4)}  ${kb(u.median).padStart(12)}  ${kb(u.p95).padStart(6)}  ${(b.median / u.median).toFixed(2).padStart(5)}`,
      );
    };
    for (const route of ROUTES)
      line(
        route,
        (v) => v.bytes[route],
        (v) => v.requests[route],
      );
    line(
      'first visit (login+inbox)',
      (v) => v.bytes.login + v.bytes.inbox,
      (v) => v.requests.login + v.requests.inbox,
    );
    line(
      'idle prefetch after inbox',
      (v) => v.bytes['idle prefetch'],
      (v) => v.requests['idle prefetch'],
    );
    console.log(`\nbundle (apps/web/dist, from .vite/manifest.json)\n${bundleReport()}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
