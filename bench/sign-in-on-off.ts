// `tsx sign-in-on-off.ts`: sign-in → first rows with Pigeon's SIGN_IN_FIRST_ROWS_WAIT_MS set to each of
// BENCH_WAITS (default 1500,300,0: how long the answer waits for the first rows it carries; when they are not ready
// the device's first requests take that same reading, decision 036), beside Roundcube 1.6, interleaved run by run
// (the order rotates every run) on the small mailbox and on the 50,000-message INBOX. One Pigeon server per setting,
// on the same Dovecot and in the same Chromium. Needs what versus-roundcube.ts needs. Prints median, p95 and the
// ratios; writes bench/results/sign-in-on-off-<timestamp>.json. BENCH_CARRY_MAX (e.g. `10000,100000000`) instead runs
// one Pigeon per SIGN_IN_FIRST_ROWS_CARRY_MAX value, each with the default wait (1500 ms). Every Pigeon signs in once
// unmeasured first, so the measured sign-ins find the folder's rows in its row cache (decision 050): a second sign-in.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { createUser, ensureMailFixture, fixtureUser, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { installTiming } from './roundcube/measure.ts';
import { startRoundcube } from './roundcube/server.ts';
import { pigeon, roundcube, type Webmail } from './roundcube/webmails.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const SMALL = 300;
const WAITS = (process.env.BENCH_WAITS ?? '1500,300,0').split(',').map(Number);
const CARRY = process.env.BENCH_CARRY_MAX?.split(',').map(Number);
/** One Pigeon per setting: its name and its environment. */
const SETTINGS = CARRY
  ? CARRY.map((n) => ({
      name: `Pigeon, carry max ${n}`,
      env: { SIGN_IN_FIRST_ROWS_WAIT_MS: '1500', SIGN_IN_FIRST_ROWS_CARRY_MAX: String(n) },
    }))
  : WAITS.map((ms) => ({ name: `Pigeon, answer waits ${ms} ms`, env: { SIGN_IN_FIRST_ROWS_WAIT_MS: String(ms) } }));
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

interface Target {
  name: string;
  app: Webmail;
  url: string;
}

async function signInOnce(browser: Browser, t: Target, user: MailUser): Promise<number> {
  const context = await browser.newContext({ baseURL: t.url, viewport: { width: 1400, height: 900 } });
  try {
    await installTiming(context);
    return await t.app.signIn(await context.newPage(), user.email, user.password);
  } finally {
    await context.close();
  }
}

/** `RUNS` sign-ins per target; run i starts with target i mod n, so each goes first, second and third alike. */
async function measure(browser: Browser, targets: Target[], user: MailUser): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  // one unmeasured sign-in each: the first after a start pays for cold code paths and caches
  for (const t of targets) await signInOnce(browser, t, user);
  for (let i = 0; i < RUNS; i++)
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(i + k) % targets.length] as Target;
      out[t.name]?.push(await signInOnce(browser, t, user));
    }
  return out;
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const big = fixtureUser('user001');
  const small = await createUser('onoff');
  await seedMailbox(small, SMALL, { inboxOnly: true, precache: true });

  const loadBefore = load();
  const [rc, ...pigeons] = await Promise.all([startRoundcube(), ...SETTINGS.map(({ env }) => startPigeon({ env }))]);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const targets: Target[] = [
    ...pigeons.map((p, k) => ({ name: SETTINGS[k]!.name, app: pigeon, url: p.url })),
    { name: 'Roundcube', app: roundcube, url: rc.url },
  ];
  const results: Record<string, Record<string, Summary>> = {};
  const loads: Record<string, number[][]> = {};
  try {
    for (const [label, user] of [
      [`small (${SMALL})`, small],
      ['50,000', big],
    ] as const) {
      const before = load();
      const runs = await measure(browser, targets, user);
      loads[label] = [before, load()];
      results[label] = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, summarize(r)]));
    }
  } finally {
    await browser.close();
    await Promise.all([rc.stop(), ...pigeons.map((p) => p.stop())]);
  }
  const w = Math.max(...targets.map((t) => t.name.length));
  for (const [label, byName] of Object.entries(results)) {
    const base = byName.Roundcube as Summary;
    const l = loads[label] ?? [];
    console.log(`sign-in → first rows, ${label}, ${RUNS} runs each (load ${l[0]?.join(' ')} → ${l[1]?.join(' ')})`);
    console.log(`${''.padEnd(w)}  ${['median', 'p95', '÷ Roundcube'].map((c) => c.padStart(12)).join('')}`);
    for (const t of targets) {
      const s = byName[t.name] as Summary;
      const ratio = (s.median / base.median).toFixed(2);
      console.log(`${t.name.padEnd(w)}  ${[s.median, s.p95, ratio].map((c) => String(c).padStart(12)).join('')}`);
    }
  }
  const result = { date: new Date().toISOString(), runs: RUNS, loadavgBefore: loadBefore, loads, results };
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sign-in-on-off-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`load ${loadBefore.join(' ')} → ${load().join(' ')} on ${os.cpus().length} cores; ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
