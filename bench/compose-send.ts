// `tsx compose-send.ts`: click "Send" → the message is in the recipient's Pigeon inbox, both signed in, 10 runs.
// The undo window is set to 0 (SEND_UNDO_SECONDS) so the number is the delivery path, not the chosen delay.
// "Appears" is the new row painted in the recipient's open inbox, brought by live push (no reload, no click).
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
    // tsx names functions with a __name helper that the page does not have
    await recipient.addInitScript('globalThis.__name = (f) => f;');
    await Promise.all([signIn(sender, alice), signIn(recipient, bob)]);

    // the wall-clock time at which a row with `subject` is in the recipient's DOM, observed inside the page
    const painted = (subject: string) =>
      recipient.evaluate(
        (text) =>
          new Promise<number>((resolve, reject) => {
            const seen = () =>
              [...document.querySelectorAll('[data-testid="message-subject"]')].some((e) =>
                e.textContent?.includes(text),
              );
            const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
            if (seen()) return done();
            const obs = new MutationObserver(() => {
              if (!seen()) return;
              obs.disconnect();
              done();
            });
            obs.observe(document.body, { childList: true, subtree: true, characterData: true });
            setTimeout(() => (obs.disconnect(), reject(new Error(`"${text}" never reached the recipient`))), 30_000);
          }),
        subject,
      );

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
      const paintedAt = await painted(subject).catch(async (err: unknown) => {
        await sender.screenshot({ path: 'results/compose-send-failure.png' });
        throw err;
      });
      // the first run warms the SMTP/IMAP paths and the JIT; it is not counted
      if (i > 0) runs.push(paintedAt - clickedAt);
      await sender.getByTestId('outbox-item').filter({ hasText: subject }).waitFor({ state: 'attached' });
    }
    const s = summarize(runs);
    console.log(
      `compose-send: click Send → row painted in the recipient's Pigeon inbox (ms, ${RUNS} runs, undo delay 0)`,
    );
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
