// `npm run bench`: Pigeon against a 50,000-message INBOX, in Chromium, next to raw imapflow on the same Dovecot.
// Prints a table and writes bench/results/<timestamp>.json. Needs the web build and the Prisma client, like e2e.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { ensureMailFixture, fixtureUser, imapClient, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { browserTimings } from './browser-timings.ts';
import { imapBaseline } from './imap-timings.ts';
import type { Summary } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);

const machine = () => ({ loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), cpus: os.cpus().length });

async function inboxCount(user: Parameters<typeof imapClient>[0]): Promise<number> {
  const client = await imapClient(user);
  try {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

function table(rows: Record<string, Summary>): string {
  const names = Object.keys(rows);
  const w = Math.max(...names.map((n) => n.length));
  const line = (cols: string[]) =>
    `${(cols[0] ?? '').padEnd(w)}  ${cols
      .slice(1)
      .map((c) => c.padStart(8))
      .join('  ')}`;
  return [
    line(['operation (ms)', 'median', 'p95', 'min', 'max']),
    ...names.map((n) => {
      const s = rows[n] as Summary;
      return line([n, String(s.median), String(s.p95), String(s.min), String(s.max)]);
    }),
  ].join('\n');
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = fixtureUser('user001');
  const before = await inboxCount(user);
  if (before < MESSAGES) {
    console.error(`[bench] seeding ${MESSAGES} messages into ${user.email} (had ${before})`);
    await seedMailbox(user, MESSAGES, { inboxOnly: true, precache: true, reset: true });
  }
  const total = await inboxCount(user);
  const loadBefore = machine();

  const server = await startPigeon({});
  const browser = await chromium.launch(chromiumLaunchOptions);
  let pigeon;
  let baseline;
  try {
    console.error(`[bench] Pigeon at ${server.url}; ${RUNS} runs each`);
    pigeon = await browserTimings(browser, server.url, user, RUNS);
    baseline = await imapBaseline(() => imapClient(user), RUNS);
  } finally {
    await browser.close();
    await server.stop();
  }
  const loadAfter = machine();

  const result = {
    date: new Date().toISOString(),
    runs: RUNS,
    inbox: { user: user.email, messages: total },
    machine: {
      cpus: loadBefore.cpus,
      loadavgBefore: loadBefore.loadavg,
      loadavgAfter: loadAfter.loadavg,
      node: process.version,
    },
    pigeon: pigeon.summaries,
    firstVisit: pigeon.firstVisit,
    baseline,
  };

  console.log(`\nPigeon bench: ${total} messages in INBOX of ${user.email}, ${RUNS} runs each (p95 = nearest rank)`);
  console.log(
    `machine: ${result.machine.cpus} CPUs, loadavg before ${loadBefore.loadavg.join(' ')}, after ${loadAfter.loadavg.join(' ')}\n`,
  );
  console.log('Pigeon in Chromium');
  console.log(table(pigeon.summaries));
  console.log(
    `first visit (sign-in page → first rows, cold cache): ${pigeon.firstVisit.requests} requests, ${pigeon.firstVisit.kilobytes} KB\n`,
  );
  console.log('Baseline: imapflow straight to Dovecot, same run');
  console.log(table(baseline));

  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
