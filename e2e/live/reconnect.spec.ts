import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUser, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { expect, signIn, test, uniqueSubject } from '../fixtures.ts';
import { repoRoot } from '../support/pigeon-server.ts';
import { startRestartablePigeon } from '../support/restartable-pigeon.ts';
import { connectionStates } from '../support/connection-states.ts';
import { connection, openDevice } from '../support/devices.ts';

// Faults found by killing servers mid-action (issue 13): a Pigeon restart and a password changed at the provider.

test('after a Pigeon restart both open browsers come back live promptly', async ({ browser, offsite, user }) => {
  // two server starts (each ~40 s at load 40 with the embedded PostgreSQL), as live.spec.ts's restart test
  test.setTimeout(180_000);
  const server = await startRestartablePigeon({ caFile: mailFixture.caPath });
  const devices = [
    await openDevice(browser, server.url, offsite.url),
    await openDevice(browser, server.url, offsite.url),
  ];
  try {
    for (const d of devices) {
      await signIn(d.page, user);
      await expect(connection(d.page)).toHaveAttribute('data-state', 'live');
    }
    // WebSocket tries from here on: a failed one counts towards Chromium's WebSocket throttle (1–5 s per try)
    const tries = devices.map(() => 0);
    devices.forEach((d, i) => d.page.on('websocket', () => (tries[i] = tries[i]! + 1)));
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
    // the socket is tried once the server answers over HTTP, not while it is away (one try; two if that one met a
    // server still starting its socket layer)
    for (const n of tries) expect(n, 'WebSocket tries of a device through the restart').toBeLessThanOrEqual(2);
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
