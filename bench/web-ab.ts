// `tsx web-ab.ts`: two web builds side by side in one run, for a change to the web app whose effect is smaller than
// the swing between runs on a loaded machine. Two Pigeon servers (WEB_DIST_DIR A_DIST and B_DIST, e.g. copies of
// apps/web/dist built before and after a change) on the same Dovecot, one warm tab each in the same Chromium, timed
// interleaved (which build goes first alternates): click a row → body painted, then a second on it, then j → the next
// body painted, on a 300-message INBOX, as in versus-roundcube.ts. BENCH_RUNS (default 10) each. For each click it also
// prints where the detail and body answers' time went: when each was answered (ms after the press, Resource Timing)
// and the server's own share (SERVER_TIMING: `pre` before the handler, `mail` the mailbox and the reading).
// BENCH_FIRST_OPEN=true: after each j, back to the list and a first open (no reader open), clicked at once and after
// the pointer rested 200 ms on the row.
// A_ROOT / B_ROOT (optional): run that side's server from another checkout (built), for an A/B of server changes.
// A_ENV / B_ENV (optional, JSON): that side's server settings, for an A/B of a setting (the same build twice).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { startPigeon, type PigeonServer } from '@pigeon/e2e/pigeon-server';
import { installTiming } from './roundcube/measure.ts';
import { pigeon, type Row } from './roundcube/webmails.ts';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/** also time the first open from the list, with no message open: clicked at once, and after the pointer rested */
const FIRST_OPEN = process.env.BENCH_FIRST_OPEN === 'true';
/** rows used per run: click, j's target, and the two first opens */
const step = FIRST_OPEN ? 4 : 3;
/** how long a message is read before "next message" */
const DWELL_MS = 1000;
const builds = { A: process.env.A_DIST ?? '', B: process.env.B_DIST ?? '' };
const roots: Record<string, string | undefined> = { A: process.env.A_ROOT, B: process.env.B_ROOT };
const envs: Record<string, Record<string, string>> = {
  A: JSON.parse(process.env.A_ENV || '{}') as Record<string, string>,
  B: JSON.parse(process.env.B_ENV || '{}') as Record<string, string>,
};
for (const [name, dir] of Object.entries(builds))
  if (!dir || !existsSync(path.join(dir, 'index.html')))
    throw new Error(`${name}_DIST must name a web build (index.html)`);

/** When the click's detail and body were answered (ms after the press) and the server's steps of each. */
function answers(page: Page, uid: string): Promise<Record<string, number>> {
  return page.evaluate((uid) => {
    const pressed = (globalThis as { __pressedAt?: number }).__pressedAt ?? 0;
    const out: Record<string, number> = {};
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    for (const [what, re] of [
      ['detail', new RegExp(`/messages/${uid}$`)],
      ['body', new RegExp(`/messages/${uid}/body`)],
    ] as const) {
      const e = entries.find((x) => re.test(x.name));
      if (!e) continue;
      out[`${what} answered`] = e.responseEnd - pressed;
      for (const step of e.serverTiming) out[`${what} server ${step.name}`] = step.duration;
    }
    return out;
  }, uid);
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  await ensureMailFixture();
  const user = await createUser('web-ab');
  await seedMailbox(user, 300, { inboxOnly: true, precache: true });
  const loadBefore = load();
  const servers: Record<string, PigeonServer> = {};
  for (const [name, dir] of Object.entries(builds))
    servers[name] = await startPigeon({
      root: roots[name],
      env: { ...envs[name], WEB_DIST_DIR: dir, SERVER_TIMING: 'true' },
      startTimeoutMs: 300_000, // a loaded machine starts tsx, PostgreSQL and migrations slowly
    });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const out: Record<string, number[]> = {};
  const add = (k: string, v: number) => (out[k] ??= []).push(v);
  try {
    const tabs: Record<string, { page: Page; rows: Row[] }> = {};
    for (const [name, s] of Object.entries(servers)) {
      const context = await browser.newContext({ baseURL: s.url, viewport: { width: 1400, height: 900 } });
      await installTiming(context);
      await context.addInitScript(() =>
        addEventListener(
          'mousedown',
          (e) => ((globalThis as { __pressedAt?: number }).__pressedAt = e.timeStamp),
          true,
        ),
      );
      const page = await context.newPage();
      await pigeon.signIn(page, user.email, user.password);
      tabs[name] = { page, rows: await pigeon.rows(page) };
      if (tabs[name].rows.length < step * RUNS)
        throw new Error(`${tabs[name].rows.length} rows on screen, too few for ${RUNS} runs`);
    }
    for (let i = 0; i < RUNS; i++) {
      for (const name of i % 2 ? ['B', 'A'] : ['A', 'B']) {
        const { page, rows } = tabs[name]!;
        await page.evaluate(() => performance.clearResourceTimings());
        add(`${name}: click a row → body`, await pigeon.open(page, rows[step * i]!));
        for (const [k, v] of Object.entries(await answers(page, rows[step * i]!.uid))) add(`${name}: click, ${k}`, v);
        await page.waitForTimeout(DWELL_MS); // the reader reads it; then asks for the next one
        add(`${name}: next message (j) → body`, await pigeon.next(page, rows[step * i + 1]!));
        if (!FIRST_OPEN) continue;
        for (const [how, row] of [
          ['at once', rows[step * i + 2]!],
          ['after a 200 ms rest', rows[step * i + 3]!],
        ] as const) {
          await page.keyboard.press('u'); // back to the list: no message open
          await page.locator('[data-testid="reader"]').waitFor({ state: 'detached' });
          await page.waitForTimeout(DWELL_MS);
          if (how !== 'at once') {
            await page
              .locator(`[data-testid="message-row"][data-uid="${row.uid}"] [data-testid="message-subject"]`)
              .hover();
            await page.waitForTimeout(200);
          }
          add(`${name}: first open, ${how} → body`, await pigeon.open(page, row));
        }
      }
    }
  } finally {
    await browser.close();
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
  console.log(
    `A ${builds.A} ${roots.A ?? ''} ${JSON.stringify(envs.A)}\nB ${builds.B} ${roots.B ?? ''} ${JSON.stringify(envs.B)}`,
  );
  for (const k of Object.keys(out).sort()) {
    const s = summarize(out[k]!);
    console.log(
      `${k.padEnd(30)} median ${String(s.median).padStart(7)}  p95 ${String(s.p95).padStart(7)}  runs ${s.runs.join(' ')}`,
    );
  }
  console.log(`load ${loadBefore} → ${load()} on ${os.cpus().length} cores`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
