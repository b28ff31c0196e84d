// `tsx compose-send.ts`: click "Send" → the message is in the recipient's Pigeon inbox, both signed in, 10 runs.
// The undo window is set to 0 (SEND_UNDO_SECONDS) so the number is the delivery path, not the chosen delay.
// Until live push lands the recipient's page cannot show it by itself, so "appears" is the recipient's Pigeon
// listing it (GET /api/mailboxes/INBOX/messages from the recipient's signed-in browser context, polled every 25 ms).
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

async function signIn(page: Page, user: MailUser): Promise<void> {
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('message-list').waitFor();
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const [alice, bob] = await Promise.all([createUser('bench-send-a'), createUser('bench-send-b')]);
  const server = await startPigeon({ caFile: mailFixture.caPath, env: { SEND_UNDO_SECONDS: '0' } });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const sender = await (await browser.newContext({ baseURL: server.url })).newPage();
    const recipient = await (await browser.newContext({ baseURL: server.url })).newPage();
    await Promise.all([signIn(sender, alice), signIn(recipient, bob)]);

    const listed = async (subject: string) => {
      const res = await recipient.request.get('/api/mailboxes/INBOX/messages');
      return ((await res.json()) as { messages: { subject: string }[] }).messages.some((m) => m.subject === subject);
    };

    const runs: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const subject = `bench send ${Date.now().toString(36)} #${i}`;
      await sender.getByTestId('compose-open').click();
      await sender.getByTestId('compose-to').fill(bob.email);
      await sender.getByTestId('compose-subject').fill(subject);
      await sender.getByTestId('compose-body').click();
      await sender.keyboard.type('Timing the outbox.');
      await sender.getByTestId('compose-to').blur();
      // the click's wall-clock time, taken in the page right before it clicks
      const clickedAt = await sender.evaluate(() => {
        const at = performance.timeOrigin + performance.now();
        document.querySelector<HTMLElement>('[data-testid="compose-send"]')!.click();
        return at;
      });
      const deadline = Date.now() + 60_000;
      while (!(await listed(subject))) {
        if (Date.now() > deadline) throw new Error(`"${subject}" never reached the recipient`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // the first run warms the SMTP/IMAP paths and the JIT; it is not counted
      if (i > 0) runs.push(Date.now() - clickedAt);
      await sender.getByTestId('outbox-item').filter({ hasText: subject }).waitFor({ state: 'attached' });
    }
    const s = summarize(runs);
    console.log(`compose-send: click Send → in the recipient's Pigeon inbox (ms, ${RUNS} runs, undo delay 0)`);
    console.log(`median ${s.median}  p95 ${s.p95}  min ${s.min}  max ${s.max}`);
    console.log(`runs ${s.runs.join(', ')}`);
    console.log(
      `load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
