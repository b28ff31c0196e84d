import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUser, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, signIn, test, uniqueSubject } from '../fixtures.ts';
import { repoRoot } from '../support/pigeon-server.ts';
import { startRestartablePigeon } from '../support/restartable-pigeon.ts';
import { connectionStates, recordConnectionStates } from '../support/connection-states.ts';

// Faults found by killing servers mid-action (issue 13): a Pigeon restart and a password changed at the provider.

const connection = (page: Page) => page.getByTestId('connection-state');

async function device(
  browser: Browser,
  baseURL: string,
  proxyServer: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    proxy: { server: proxyServer, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
  const page = await context.newPage();
  await recordConnectionStates(page);
  return { context, page };
}

test('after a Pigeon restart both open browsers come back live promptly', async ({ browser, offsite, user }) => {
  test.setTimeout(120_000);
  const server = await startRestartablePigeon({ caFile: mailFixture.caPath });
  const devices = [await device(browser, server.url, offsite.url), await device(browser, server.url, offsite.url)];
  try {
    for (const d of devices) {
      await signIn(d.page, user);
      await expect(connection(d.page)).toHaveAttribute('data-state', 'live');
    }
    await server.stop();
    for (const d of devices) await expect(connection(d.page)).toHaveAttribute('data-state', 'reconnecting');
    await server.start();
    // start() resolved: the new process answers HTTP
    const ready = Date.now();
    for (const d of devices)
      await expect(connection(d.page)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const after = await Promise.all(
      devices.map(
        async (d) => ((await connectionStates(d.page)).findLast((s) => s.state === 'live')?.at ?? NaN) - ready,
      ),
    );
    console.info(
      `reconnect after restart: live ${after.map((ms) => `${ms} ms`).join(' and ')} after the server was ready`,
    );
  } finally {
    for (const d of devices) await d.context.close();
    await server.dispose();
  }
});

test('SMTP refuses a changed password: the password dialog opens, and the message is sent once after signing in', async ({
  signedInPage: page,
  user,
}) => {
  test.setTimeout(90_000);
  const rcpt: MailUser = await createUser('e2e-535');
  const subject = uniqueSubject('Sent after a password change');
  await expect(connection(page)).toHaveAttribute('data-state', 'live');
  // the password changes at the provider; Pigeon's open IMAP connections stay logged in
  const name = user.email.split('@')[0]!;
  const changed = `${name}-changed`;
  await promisify(execFile)('bash', [path.join(repoRoot, 'scripts/mail/add-user.sh'), name, changed]);

  await page.getByTestId('compose-open').click();
  await page.getByTestId('compose-to').fill(rcpt.email);
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').click();
  await page.keyboard.type('Still arrives, once.');
  await page.getByTestId('compose-send').click();

  const dialog = page.getByTestId('reauth-dialog');
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  const item = page.getByTestId('outbox-item').filter({ hasText: subject });
  await expect(item).toHaveAttribute('data-state', 'retrying');
  await expect(item.getByTestId('outbox-error')).toContainText('535');
  await page.getByTestId('reauth-password').fill(changed);
  await page.getByTestId('reauth-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect(connection(page)).toHaveAttribute('data-state', 'live');

  const client = await imapClient(rcpt);
  try {
    const count = async () => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        return ((await client.search({ subject }, { uid: true })) || []).length;
      } finally {
        lock.release();
      }
    };
    await expect.poll(count, { message: `"${subject}" in the recipient's inbox`, timeout: 15_000 }).toBe(1);
  } finally {
    await client.logout().catch(() => client.close());
  }
});
