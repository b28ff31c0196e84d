// `tsx sign-in-waterfall.ts`: where the time between the sign-in click and the first rows goes (decision 036).
// Each run: a fresh browser context opens /sign-in, types like the versus bench, clicks; the page records the
// click, every request after it (Resource Timing, with the sign-in answer's Server-Timing steps) and the frame
// that painted the first row. Prints, per step and per request, the median and p95 start and end relative to the
// click. The baseline in the same run is a bare IMAP login (connect, STARTTLS, LOGIN, logout) of the same user.
// `WEB_DISTS=before=/tmp/a,after=apps/web/dist`: one Pigeon per web build (WEB_DIST_DIR), runs interleaved (the order
// alternates), a table each; for a change to the web whose effect is smaller than the swing between runs.
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, fixtureUser, imapClient, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BIG = process.env.BENCH_BIG === '1';
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

interface Span {
  name: string;
  start: number;
  end: number;
}

/** Runs in the page from its first script: the click's time and the frame after the first row exists. */
function recorder(): void {
  const w = window as unknown as { __t0?: number; __t1?: number };
  addEventListener('mousedown', (e) => (w.__t0 ??= e.timeStamp), true);
  const check = () => {
    if (w.__t0 === undefined || w.__t1 !== undefined || !document.querySelector('[data-testid="message-row"]')) return;
    w.__t1 = -1;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (w.__t1 = performance.now());
      channel.port2.postMessage(0);
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}

/** A request's URL without ids, hashes and queries, so runs line up. */
function label(url: string): string {
  const u = new URL(url);
  return u.pathname
    .replace(/\/api\/accounts\/[^/]+/, '/api/accounts/:id')
    .replace(/-[A-Za-z0-9_-]{8}\.(js|css)$/, '.$1')
    .replace(/\/\d+(?=\/|$)/g, '/:n');
}

async function oneRun(page: Page, email: string, password: string): Promise<Span[]> {
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForFunction(() => ((window as unknown as { __t1?: number }).__t1 ?? -1) > 0, null, {
    timeout: 60_000,
    polling: 50,
  });
  return page.evaluate(() => {
    const w = window as unknown as { __t0: number; __t1: number };
    const spans: { name: string; start: number; end: number }[] = [];
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      // what was still loading at the click counts too (the mail page's code fetched while typing)
      if (e.responseEnd < w.__t0 || e.startTime > w.__t1) continue;
      spans.push({ name: e.name, start: e.startTime - w.__t0, end: e.responseEnd - w.__t0 });
      // the server's own steps (Server-Timing): each one's duration; steps may overlap
      for (const s of e.serverTiming) spans.push({ name: `  server: ${s.name}`, start: 0, end: s.duration });
      // the sign-in answer's first byte: what is left of it after the server's handler is serializing and sending
      if (e.name.endsWith('/api/auth/sign-in') && e.responseStart > 0)
        spans.push(
          { name: '  browser: sign-in sent → first byte', start: 0, end: e.responseStart - e.requestStart },
          { name: '  browser: sign-in first byte → last byte', start: 0, end: e.responseEnd - e.responseStart },
        );
    }
    spans.push({ name: 'first row painted', start: 0, end: w.__t1 - w.__t0 });
    return spans;
  });
}

async function bareLogin(user: { email: string; password: string }): Promise<number> {
  const t0 = performance.now();
  const client = await imapClient(user);
  const ms = performance.now() - t0;
  await client.logout();
  return ms;
}

/** The web builds to compare (name → dist directory), or the one built in the repo. */
const builds: [string, string | undefined][] = process.env.WEB_DISTS
  ? process.env.WEB_DISTS.split(',').map((pair) => {
      const [name, dir] = pair.split('=');
      if (!name || !dir) throw new Error(`WEB_DISTS wants name=dir pairs, got ${pair}`);
      return [name, path.resolve(dir)];
    })
  : [['main', undefined]];

type Table = Map<string, { start: number[]; end: number[] }>;

function addRun(byName: Table, spans: Span[]): void {
  // the browser's side on its own: from the sign-in answer's last byte to the first row painted
  const answer = spans.find((s) => label(s.name) === '/api/auth/sign-in');
  const painted = spans.find((s) => s.name === 'first row painted');
  if (answer && painted)
    spans.push({ name: 'answer received → first row painted', start: 0, end: painted.end - answer.end });
  const seen = new Map<string, number>();
  for (const s of spans) {
    const base = s.name.startsWith('  ') || !s.name.includes('/') ? s.name : label(s.name);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const name = n > 1 ? `${base} #${n}` : base;
    const entry = byName.get(name) ?? { start: [], end: [] };
    entry.start.push(s.start);
    entry.end.push(s.end);
    byName.set(name, entry);
  }
}

function print(title: string, byName: Table): void {
  const rows = [...byName.entries()].map(([name, { start, end }]) => ({
    name,
    n: start.length,
    start: summarize(start),
    end: summarize(end),
  }));
  const requests = rows.filter((r) => !r.name.startsWith('  ')).sort((a, b) => a.start.median - b.start.median);
  const steps = rows.filter((r) => r.name.startsWith('  '));
  const w = Math.max(...rows.map((r) => r.name.length));
  const cols = (c: (string | number)[]) => c.map((x) => String(x).padStart(10)).join('');
  console.log(title);
  console.log(`${'request'.padEnd(w)}  ${cols(['runs', 'start med', 'end med', 'end p95'])}`);
  for (const r of requests) console.log(`${r.name.padEnd(w)}  ${cols([r.n, r.start.median, r.end.median, r.end.p95])}`);
  console.log(`${'sign-in steps (Server-Timing)'.padEnd(w)}  ${cols(['runs', '', 'dur med', 'dur p95'])}`);
  for (const r of steps) console.log(`${r.name.padEnd(w)}  ${cols([r.n, '', r.end.median, r.end.p95])}`);
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = BIG ? fixtureUser('user001') : await createUser('waterfall');
  if (!BIG) await seedMailbox(user, 300, { inboxOnly: true, precache: true });
  const loadBefore = load();
  const servers = await Promise.all(
    builds.map(([, dir]) => startPigeon({ env: { SERVER_TIMING: 'true', ...(dir ? { WEB_DIST_DIR: dir } : {}) } })),
  );
  const browser = await chromium.launch(chromiumLaunchOptions);
  const tables: Table[] = builds.map(() => new Map());
  const bare: number[] = [];
  try {
    for (let i = -1; i < RUNS; i++) {
      // interleaved: which build goes first alternates run by run
      const order = builds.map((_, k) => k);
      if (i % 2 !== 0) order.reverse();
      for (const k of order) {
        const context = await browser.newContext({ baseURL: servers[k]!.url, viewport: { width: 1400, height: 900 } });
        // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one
        await context.addInitScript('globalThis.__name = (fn) => fn;');
        await context.addInitScript(recorder);
        const spans = await oneRun(await context.newPage(), user.email, user.password);
        await context.close();
        if (i >= 0) addRun(tables[k]!, spans); // the first run pays for cold paths; not counted
      }
      bare.push(await bareLogin(user));
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
  builds.forEach(([name], k) =>
    print(
      `sign-in → first rows, ${BIG ? 'user001 (50k)' : '300 messages'}, ${RUNS} runs, build ${name} (ms after the click)`,
      tables[k]!,
    ),
  );
  const b = summarize(bare.slice(1));
  console.log(`baseline, bare IMAP login (connect + STARTTLS + LOGIN): median ${b.median}, p95 ${b.p95}`);
  console.log(`load ${loadBefore.join(' ')} → ${load().join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
