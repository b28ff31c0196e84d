// `tsx push-latency.ts`: SMTP 250 → new row painted in Chromium, next to the floor measured in the same run: a bare
// imapflow client's IDLE `exists` for the same messages (Dovecot batches notifications for about 0.5 s).
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { createUser, deliver, ensureMailFixture, imapClient } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const MESSAGES = Math.min(200, Number(process.env.BENCH_PUSH_MESSAGES ?? 20));
const WAIT_MS = 15_000;

const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** Resolves with the epoch ms of the first painted frame that shows a row with `subject` (in-page, no CDP lag). */
function paintedAt(page: Page, subject: string): Promise<number> {
  return page.evaluate(
    ({ subject, waitMs }) =>
      new Promise<number>((resolve, reject) => {
        const has = () =>
          [...document.querySelectorAll('[data-testid="message-subject"]')].some((el) => el.textContent === subject);
        const done = () => {
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.timeOrigin + performance.now());
            channel.port2.postMessage(0);
          });
        };
        const observer = new MutationObserver(() => has() && done());
        const timer = setTimeout(() => reject(new Error(`row "${subject}" not painted`)), waitMs);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        if (has()) done();
      }),
    { subject, waitMs: WAIT_MS },
  );
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = await createUser('bench-push');
  const server = await startPigeon({});
  const browser = await chromium.launch(chromiumLaunchOptions);
  const floor = await imapClient(user);
  const loadBefore = loadavg();
  const pigeonMs: number[] = [];
  const floorMs: number[] = [];
  try {
    const context = await browser.newContext({ baseURL: server.url });
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 30_000 });

    await floor.mailboxOpen('INBOX');
    let existsAt = 0;
    floor.on('exists', () => (existsAt = Date.now()));
    void floor.idle();

    for (let i = 0; i < MESSAGES; i++) {
      const subject = `push ${i} ${Date.now().toString(36)}`;
      existsAt = 0;
      const painted = paintedAt(page, subject);
      await deliver({ to: user.email, subject, text: 'bench' });
      const t250 = Date.now();
      const paint = await painted;
      const deadline = Date.now() + WAIT_MS;
      while (existsAt === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (existsAt === 0) throw new Error(`no IDLE exists for message ${i}`);
      pigeonMs.push(paint - t250);
      floorMs.push(existsAt - t250);
    }
  } finally {
    await floor.logout().catch(() => floor.close());
    await browser.close();
    await server.stop();
  }
  const pigeon = summarize(pigeonMs);
  const base = summarize(floorMs);
  console.log(`\npush latency, ${MESSAGES} messages, SMTP 250 → …  (ms; p95 = nearest rank)`);
  console.log(
    `machine: ${os.cpus().length} CPUs, loadavg before ${loadBefore.join(' ')}, after ${loadavg().join(' ')}`,
  );
  console.log(`                                   median     p95     min     max`);
  const line = (name: string, s: ReturnType<typeof summarize>) =>
    console.log(`${name.padEnd(34)}${[s.median, s.p95, s.min, s.max].map((n) => String(n).padStart(8)).join('')}`);
  line('Pigeon: row painted in Chromium', pigeon);
  line('floor: imapflow IDLE exists', base);
  console.log(`median over the floor: ${Math.round((pigeon.median - base.median) * 10) / 10} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
