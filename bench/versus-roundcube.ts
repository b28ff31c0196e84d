// `tsx versus-roundcube.ts`: Pigeon and Roundcube 1.6 (Debian's, under PHP's own server) on the same Dovecot,
// in the same Chromium, interleaved run by run: sign-in → first rows, open a message, next message (after
// reading one for a second), next page; on a small mailbox and on the 50,000-message INBOX. The ratios are
// what issues 9 and 12 set goals for. Needs `bash bench/roundcube/setup.sh`, the web build and the Prisma
// client (like e2e). Prints a table and writes bench/results/versus-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import {
  createUser,
  ensureMailFixture,
  fixtureUser,
  imapClient,
  seedMailbox,
  type MailUser,
} from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { installTiming } from './roundcube/measure.ts';
import { startRoundcube } from './roundcube/server.ts';
import { pigeon, roundcube, type Row, type Webmail } from './roundcube/webmails.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BIG = Number(process.env.BENCH_MESSAGES ?? 50_000);
const SMALL = 300;
/** how long a message is read before "next message" */
const DWELL_MS = 1000;

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

async function inboxCount(user: MailUser): Promise<number> {
  const client = await imapClient(user);
  try {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

interface Target {
  app: Webmail;
  url: string;
}

async function signedIn(browser: Browser, t: Target, user: MailUser): Promise<Page> {
  const context = await browser.newContext({ baseURL: t.url, viewport: { width: 1400, height: 900 } });
  await installTiming(context);
  const page = await context.newPage();
  await t.app.signIn(page, user.email, user.password);
  return page;
}

type Samples = Record<string, Record<Webmail['name'], number[]>>;

function add(samples: Samples, op: string, app: Webmail['name'], ms: number): void {
  samples[op] ??= { Pigeon: [], Roundcube: [] };
  samples[op][app].push(ms);
}

/** Every operation `RUNS` times per app, alternating which app goes first. */
async function measure(
  browser: Browser,
  targets: Target[],
  user: MailUser,
  label: string,
  samples: Samples,
  /**
   * next pages in a row before going back to the folder's first page (0: no next page): a small folder runs out of
   * pages before `RUNS` (each app keeps a viewport of rows below the one it pages to)
   */
  pagesPerVisit: number,
) {
  // one unmeasured sign-in each: the first after a start pays for cold code paths and caches in both apps
  for (const t of targets) await (await signedIn(browser, t, user)).context().close();
  for (let i = 0; i < RUNS; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      const context = await browser.newContext({ baseURL: t.url, viewport: { width: 1400, height: 900 } });
      await installTiming(context);
      const page = await context.newPage();
      add(samples, `${label}: sign-in → first rows`, t.app.name, await t.app.signIn(page, user.email, user.password));
      await context.close();
    }
  }
  const tabs = await Promise.all(targets.map((t) => signedIn(browser, t, user)));
  const rows = await Promise.all(targets.map((t, k) => t.app.rows(tabs[k] as Page)));
  for (const [k, r] of rows.entries())
    if (r.length < 3 * RUNS + 1) throw new Error(`${targets[k]?.app.name}: only ${r.length} rows on the first page`);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, t] of targets.entries()) {
      const page = tabs[k] as Page;
      const list = rows[k] as Row[];
      const at = list[3 * i] as Row;
      add(samples, `${label}: click a row → body painted`, t.app.name, await t.app.open(page, at));
      await page.waitForTimeout(DWELL_MS); // the reader reads it; then asks for the next one
      add(
        samples,
        `${label}: next message (after ${DWELL_MS} ms) → body`,
        t.app.name,
        await t.app.next(page, list[3 * i + 1] as Row),
      );
    }
  }
  if (pagesPerVisit === 0) return void (await Promise.all(tabs.map((p) => p.context().close())));
  for (let i = 0; i < RUNS; i++) {
    if (i % pagesPerVisit === 0) for (const [k, t] of targets.entries()) await t.app.toList(tabs[k] as Page);
    for (const [k, t] of targets.entries()) {
      const page = tabs[k] as Page;
      await page.waitForTimeout(DWELL_MS); // the rows on screen are read first
      add(samples, `${label}: next page (after ${DWELL_MS} ms) → rows painted`, t.app.name, await t.app.nextPage(page));
    }
  }
  await Promise.all(tabs.map((p) => p.context().close()));
}

function table(summaries: Record<string, Record<string, Summary>>): string {
  const ops = Object.keys(summaries);
  const w = Math.max(...ops.map((o) => o.length));
  const head = `${'operation (ms)'.padEnd(w)}  ${['Pigeon med', 'p95', 'Roundcube med', 'p95', 'ratio'].map((c) => c.padStart(14)).join('')}`;
  const lines = ops.map((op) => {
    const p = summaries[op]?.Pigeon as Summary;
    const r = summaries[op]?.Roundcube as Summary;
    const ratio = r.median > 0 ? (p.median / r.median).toFixed(2) : '-';
    return `${op.padEnd(w)}  ${[p.median, p.p95, r.median, r.p95, ratio].map((c) => String(c).padStart(14)).join('')}`;
  });
  return [head, ...lines].join('\n');
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const big = fixtureUser('user001');
  if ((await inboxCount(big)) < BIG) {
    console.error(`[versus] seeding ${BIG} messages into ${big.email}`);
    await seedMailbox(big, BIG, { inboxOnly: true, precache: true, reset: true });
  }
  const small = await createUser('versus');
  await seedMailbox(small, SMALL, { inboxOnly: true, precache: true });

  const loadBefore = load();
  const server = await startPigeon({});
  const rc = await startRoundcube();
  const browser = await chromium.launch(chromiumLaunchOptions);
  const samples: Samples = {};
  try {
    const targets: Target[] = [
      { app: pigeon, url: server.url },
      { app: roundcube, url: rc.url },
    ];
    console.error(`[versus] Pigeon ${server.url}, Roundcube ${rc.url}; ${RUNS} runs each`);
    // 300 rows are six pages of 50: five next pages from the first, then back to it
    await measure(browser, targets, small, `small (${SMALL})`, samples, SMALL / 50 - 1);
    await measure(browser, targets, big, `${BIG}`, samples, RUNS);
  } finally {
    await browser.close();
    await Promise.all([server.stop(), rc.stop()]);
  }
  const summaries = Object.fromEntries(
    Object.entries(samples).map(([op, byApp]) => [
      op,
      { Pigeon: summarize(byApp.Pigeon), Roundcube: summarize(byApp.Roundcube) },
    ]),
  );
  const result = {
    date: new Date().toISOString(),
    runs: RUNS,
    loadavgBefore: loadBefore,
    loadavgAfter: load(),
    cpus: os.cpus().length,
    summaries,
  };
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `versus-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(table(summaries));
  console.log(`load ${loadBefore.join(' ')} → ${result.loadavgAfter.join(' ')} on ${result.cpus} cores; ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
