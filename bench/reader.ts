// `tsx reader.ts`: reading in Chromium, on the 50,000-message INBOX and on a small one, next to imapflow
// fetching the same messages' text straight from Dovecot in the same run. BENCH_RUNS (default 20) each.
// - open: a second on a message, then click a row that is not its neighbour (so not loaded ahead) → body painted
// - next: a second on a message (what a reader does; it lets the next one load ahead), press j → next body painted
// - open, rested: the same after the mouse rested on the row for REST_MS (the reader renders that row ahead)
// All in one warm page, the way people read.
import os from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, fixtureUser, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { timeInPage } from './browser-timings.ts';
import { ensureLargeInbox, imapTextFetch, inboxCount, machineLoad } from './reading-setup.ts';
import { repeat, summarize, type Summary } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LARGE = Number(process.env.BENCH_MESSAGES ?? 50_000);
const SMALL = 200;
/** what "a second on a message" means here */
const DWELL_MS = 1000;
/** how long the mouse rests on a row before the click, in the "rested" variant of open */
const REST_MS = 300;

interface Row {
  uid: string;
  subject: string;
}

async function signedIn(browser: Browser, baseURL: string, user: MailUser): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  await context.addInitScript('globalThis.__name = (fn) => fn;'); // tsx's keepNames helper, absent in the page
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('message-row').first().waitFor();
  return page;
}

const rowsOf = (page: Page): Promise<Row[]> =>
  page.getByTestId('message-row').evaluateAll((els) =>
    els.map((el) => ({
      uid: el.getAttribute('data-uid') ?? '',
      subject: (el.querySelector('[data-testid="message-subject"]')?.textContent ?? '').trim(),
    })),
  );

/** Pigeon in Chromium: open and next message, `RUNS` each. */
async function readerTimings(browser: Browser, baseURL: string, user: MailUser) {
  const page = await signedIn(browser, baseURL, user);
  const rows = await rowsOf(page);
  if (rows.length < 2 * RUNS + 2) throw new Error(`only ${rows.length} rows rendered`);
  // open: with row 2i on screen for a second, click row 2i+2 (neighbours are loaded ahead, this one is not)
  await page.locator(`[data-testid="message-row"][data-uid="${rows[0]!.uid}"]`).click();
  await page.locator(`[data-testid="message-body"]`).waitFor();
  const open = await repeat(RUNS, async (i) => {
    const row = rows[2 * i + 2]!;
    await page.waitForTimeout(DWELL_MS);
    return timeInPage(
      page,
      { click: `[data-testid="message-row"][data-uid="${row.uid}"] [data-testid="message-subject"]` },
      { kind: 'body', subject: row.subject.slice(0, 40), uid: row.uid },
    );
  });

  // next: a second on row i, then j
  await page.locator(`[data-testid="message-row"][data-uid="${rows[1]!.uid}"]`).click();
  await page.locator(`[data-testid="message-body"][data-uid="${rows[1]!.uid}"], .plain`).first().waitFor();
  const next = await repeat(RUNS, async (i) => {
    const to = rows[i + 2]!;
    await page.waitForTimeout(DWELL_MS); // the reader's second on the message (a benchmark, not a test)
    return timeInPage(page, { key: 'j' }, { kind: 'body', subject: to.subject.slice(0, 40), uid: to.uid });
  });
  // open after the mouse rested on the row (it is then rendered ahead, like the next message): on rows the
  // server has not seen yet (the second page), in a fresh page
  await page.goto('/mail/INBOX');
  await page.getByTestId('message-row').first().waitFor();
  const firstPage = new Set(rows.map((r) => r.uid));
  await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const oldestFirst = Math.min(...rows.map((r) => Number(r.uid)));
  await page.waitForFunction(
    ({ below, need }) =>
      [...document.querySelectorAll('[data-testid="message-row"]')].filter(
        (el) => Number(el.getAttribute('data-uid')) < below,
      ).length >= need,
    { below: oldestFirst, need: 2 * RUNS + 2 },
  );
  const older = (await rowsOf(page)).filter((r) => !firstPage.has(r.uid));
  if (older.length < 2 * RUNS + 1) throw new Error(`only ${older.length} rows on the second page`);
  await page.locator(`[data-testid="message-row"][data-uid="${older[0]!.uid}"]`).click();
  await page.locator('[data-testid="message-body"]').waitFor();
  const rested = await repeat(RUNS, async (i) => {
    const row = older[2 * i + 2] ?? older[2 * i + 1]!;
    const selector = `[data-testid="message-row"][data-uid="${row.uid}"] [data-testid="message-subject"]`;
    await page.waitForTimeout(DWELL_MS - REST_MS);
    await page.locator(selector).hover();
    await page.waitForTimeout(REST_MS);
    return timeInPage(page, { click: selector }, { kind: 'body', subject: row.subject.slice(0, 40), uid: row.uid });
  });
  await page.context().close();
  return {
    open: summarize(open),
    rested: summarize(rested),
    next: summarize(next),
    uids: rows.map((r) => Number(r.uid)),
  };
}

const line = (name: string, s: Summary) =>
  `${name.padEnd(46)} ${String(s.median).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.min).padStart(8)} ${String(s.max).padStart(8)}`;

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const large = fixtureUser('user001');
  await ensureLargeInbox(large, LARGE);
  const small = await createUser('bench-read');
  await seedMailbox(small, SMALL, { inboxOnly: true, precache: true });

  const loadBefore = machineLoad();
  const server = await startPigeon({});
  const browser = await chromium.launch(chromiumLaunchOptions);
  const out: string[] = [];
  try {
    for (const [label, user] of [
      [`${await inboxCount(large)}-message INBOX`, large],
      [`${await inboxCount(small)}-message INBOX`, small],
    ] as const) {
      console.error(`[bench] ${label}: ${RUNS} runs each`);
      const pigeon = await readerTimings(browser, server.url, user);
      const imap = await imapTextFetch(user, pigeon.uids, RUNS);
      out.push(
        `\n${label}`,
        line('operation (ms)', { median: 'median', p95: 'p95', min: 'min', max: 'max' } as never),
        line('Pigeon: click a row → body painted', pigeon.open),
        line(`Pigeon: mouse on the row ${REST_MS} ms, click → painted`, pigeon.rested),
        line(`Pigeon: ${DWELL_MS / 1000} s on one, j → next body painted`, pigeon.next),
        line('imapflow: FETCH BODY.PEEK[TEXT] (baseline)', imap),
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`\nReader bench, ${RUNS} runs each (p95 = nearest rank), Chromium, ${os.cpus().length} CPUs`);
  console.log(`loadavg before ${loadBefore.join(' ')}, after ${machineLoad().join(' ')}`);
  console.log(out.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
