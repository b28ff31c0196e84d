import { seedMailbox } from '@pigeon/mail-fixture';
import { expect, signIn, test } from '../fixtures.ts';
import { startPigeon } from '../support/pigeon-server.ts';

// The shared server sorts with Dovecot's SORT; this test starts its own that sorts as without it, pausing 20 s between
// batches (TEST_SORT_HERE_PAUSE_MS), so the progress is on screen long enough to be seen and cancelled inside the
// first pause even on a loaded machine (a Cancel after the second batch began leaves less than a batch to read).
test("a sort done without the server's SORT shows how far it is; Cancel stops it and goes back to the previous order", async ({
  browser,
  user,
  offsite,
}) => {
  // seeding 12,000 messages and starting a Pigeon (embedded PostgreSQL) take a minute or more on a loaded 2-core machine
  test.setTimeout(300_000);
  // 12,000 messages: a sort done by Pigeon reads them in three batches of 5,000, reporting after each
  await test.step('seed 12,000 messages', () => seedMailbox(user, 12_000, { inboxOnly: true }));
  const server = await test.step('start a Pigeon that sorts by itself', () =>
    startPigeon({ env: { TEST_SORT_HERE_PAUSE_MS: '20000' }, startTimeoutMs: 240_000 }));
  const context = await browser.newContext({
    baseURL: server.url,
    proxy: { server: offsite.url, bypass: `<-loopback>,${new URL(server.url).host}` },
  });
  try {
    const page = await context.newPage();
    await signIn(page, user);
    const rows = page.getByTestId('message-row');
    await expect(rows.first()).toBeVisible();

    await page.getByTestId('sort-select').selectOption('from-asc');
    await expect(page).toHaveURL(/\?sort=from$/);
    const progress = page.getByTestId('sort-progress');
    await expect(progress).toBeVisible();
    await expect(progress.getByTestId('progress-detail')).toHaveText('5,000 of 12,000 messages read');

    // Cancel from the keyboard: back to the order shown before, whose rows come at once
    await progress.getByTestId('sort-cancel').focus();
    await page.keyboard.press('Enter');
    await expect(page).not.toHaveURL(/sort=/);
    await expect(page.getByTestId('sort-select')).toHaveValue('date-desc');
    await expect(progress).toBeHidden();
    await expect(rows.first()).toBeVisible();

    // the same sort again reads only what the cancelled one had not: the server stopped at Cancel, in the pause after
    // the first batch, and this one runs to its rows
    await page.getByTestId('sort-select').selectOption('from-asc');
    await expect(page).toHaveURL(/\?sort=from$/);
    await expect(progress.getByTestId('progress-detail')).toHaveText('5,000 of 7,000 messages read');
    await expect(progress).toBeHidden({ timeout: 60_000 });
    await expect(rows.first()).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
  }
});
