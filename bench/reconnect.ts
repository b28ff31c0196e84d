// `tsx reconnect.ts`: two browsers (Chromium) signed in to one Pigeon; the server is restarted (SIGTERM, same port and
// DATA_DIR) N times, and each time the bench measures, from the moment the new process answers /healthz (polled every
// 10 ms), how long until each browser's connection indicator says `live` again (issue 13: "both within a second of the
// server being ready"). Beside it, from the same run: what a live session needs at the least, an imapflow
// STARTTLS + LOGIN + SELECT INBOX of the same user on the same Dovecot.
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, imapClient, mailFixture } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt } from '@pigeon/e2e/pigeon-server';
import { startRestartablePigeon } from '@pigeon/e2e/restartable-pigeon';
import { connectionStates, recordConnectionStates } from '@pigeon/e2e/connection-states';
import { summarize } from './stats.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 12));
const WAIT_MS = 30_000;

const indicator = (page: Page) => page.getByTestId('connection-state');

/** Resolves with Date.now() of the first 200 from /healthz, polled every 10 ms (bounded in count and time). */
async function readyAt(url: string): Promise<number> {
  for (let i = 0; i < 6_000; i++) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return Date.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the server did not answer /healthz within a minute');
}

async function waitForState(page: Page, state: string): Promise<void> {
  await indicator(page)
    .and(page.locator(`[data-state="${state}"]`))
    .waitFor({ timeout: WAIT_MS });
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = await createUser('bench-reconnect');
  const server = await startRestartablePigeon({ caFile: mailFixture.caPath });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const loadBefore = os.loadavg();
  const first: number[] = [];
  const both: number[] = [];
  const imapBaseline: number[] = [];
  const socketBoth: number[] = [];
  const connectedAt = new Map<Page, number[]>();
  const triedAt = new Map<Page, number[]>();
  const handshake: number[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await recordConnectionStates(page);
      // when socket.io's namespace connect ("40…") arrives: the browser's retry + handshake, before the live session
      const connects: number[] = [];
      const tries: number[] = [];
      page.on('websocket', (ws) => {
        tries.push(Date.now());
        ws.on('framereceived', ({ payload }) => {
          if (typeof payload === 'string' && payload.startsWith('40')) connects.push(Date.now());
        });
      });
      connectedAt.set(page, connects);
      triedAt.set(page, tries);
      await page.goto('/sign-in');
      await page.getByTestId('login-email').fill(user.email);
      await page.getByTestId('login-password').fill(user.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/mail\//);
      await waitForState(page, 'live');
      pages.push(page);
    }
    for (let run = 0; run < RUNS; run++) {
      await server.stop();
      for (const page of pages) await waitForState(page, 'reconnecting');
      const ready = readyAt(server.url);
      await server.start();
      const readyMs = await ready;
      for (const page of pages) await waitForState(page, 'live');
      const live = await Promise.all(
        pages.map(async (p) => ((await connectionStates(p)).findLast((s) => s.state === 'live')?.at ?? NaN) - readyMs),
      );
      const connected = pages.map((p) => (connectedAt.get(p)?.find((t) => t >= readyMs) ?? NaN) - readyMs);
      socketBoth.push(Math.max(...connected));
      // the last try that was started before its socket connected: the server's handshake, without the browser's wait
      for (const p of pages) {
        const at = connectedAt.get(p)?.find((t) => t >= readyMs);
        const tried = triedAt
          .get(p)
          ?.filter((t) => at !== undefined && t <= at)
          .at(-1);
        if (at !== undefined && tried !== undefined) handshake.push(at - tried);
      }
      first.push(Math.min(...live));
      both.push(Math.max(...live));

      const t0 = performance.now();
      const client = await imapClient(user);
      await client.mailboxOpen('INBOX');
      imapBaseline.push(performance.now() - t0);
      await client.logout();
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
  const line = (name: string, r: number[]) => {
    const s = summarize(r);
    console.log(`${name.padEnd(64)}${[s.median, s.p95, s.min, s.max].map((n) => String(n).padStart(8)).join('')}`);
  };
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `\nreconnect after a restart, ${RUNS} runs, 2 browsers (ms; p95 = nearest rank); loadavg ${load(loadBefore)} → ${load(os.loadavg())}`,
  );
  console.log(`${''.padEnd(64)}  median     p95     min     max`);
  line('baseline: imapflow STARTTLS + LOGIN + SELECT INBOX', imapBaseline);
  line('WebSocket try → socket.io connected (server side, each browser)', handshake);
  line('server answers /healthz → both sockets connected', socketBoth);
  line('server answers /healthz → first browser live', first);
  line('server answers /healthz → both browsers live', both);
  console.log(`both, each run: ${summarize(both).runs.join(', ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
