import { deliver, imapClient, mailFixture } from '@pigeon/mail-fixture';
import { expect, messageRow, signIn, test, uniqueSubject, type MailboxHelper } from '../fixtures.ts';
import { startRestartablePigeon } from '../support/restartable-pigeon.ts';
import { connection, openDevice } from '../support/devices.ts';

// Two devices of one user ("laptop" and "phone") stay live: nothing in here clicks refresh or reloads.

async function deleteByImap(mailbox: MailboxHelper, user: { email: string; password: string }, subject: string) {
  const uid = await mailbox.find('INBOX', subject);
  if (uid === null) throw new Error(`"${subject}" is not in INBOX`);
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageDelete(String(uid), { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

test('laptop and phone: delivery, mark read and an IMAP delete show up on both without any action', async ({
  browser,
  baseURL,
  offsite,
  user,
  mailbox,
}) => {
  const laptop = await openDevice(browser, baseURL as string, offsite.url);
  const phone = await openDevice(browser, baseURL as string, offsite.url);
  try {
    for (const d of [laptop, phone]) {
      await signIn(d.page, user);
      await expect(connection(d.page)).toHaveAttribute('data-state', 'live');
    }

    const subject = uniqueSubject('Live delivery');
    await mailbox.deliver({ subject, text: 'pushed, not polled' });
    for (const d of [laptop, phone]) {
      await expect(messageRow(d.page, subject)).toBeVisible();
      await expect(messageRow(d.page, subject)).toHaveClass(/unread/);
      await expect(d.page).toHaveTitle(/^\(1\) /);
    }

    await messageRow(laptop.page, subject).getByTestId('message-select').click();
    await laptop.page.getByTestId('action-read').click();
    await expect(messageRow(phone.page, subject)).not.toHaveClass(/unread/);
    await expect(phone.page).not.toHaveTitle(/^\(\d+\) /);

    await deleteByImap(mailbox, user, subject);
    for (const d of [laptop, phone]) await expect(messageRow(d.page, subject)).toHaveCount(0);

    // the next delivery's row arrives inside the push event itself: neither device asks the server for `changes`
    const asked = [laptop, phone].map((d) => {
      const urls: string[] = [];
      d.page.on('request', (r) => new URL(r.url()).pathname.endsWith('/changes') && urls.push(r.url()));
      return urls;
    });
    const second = uniqueSubject('Row in the event');
    await mailbox.deliver({ subject: second, text: 'no round trip' });
    for (const d of [laptop, phone]) await expect(messageRow(d.page, second)).toBeVisible();
    expect(asked).toEqual([[], []]);
  } finally {
    await laptop.context.close();
    await phone.context.close();
  }
});

test('restarting the Pigeon server brings both devices back to live and up to date, still signed in', async ({
  browser,
  offsite,
  user,
  mailbox,
}) => {
  test.setTimeout(180_000);
  const server = await startRestartablePigeon({ caFile: mailFixture.caPath });
  const laptop = await openDevice(browser, server.url, offsite.url);
  const phone = await openDevice(browser, server.url, offsite.url);
  try {
    const before = uniqueSubject('Before restart');
    await mailbox.deliver({ subject: before, text: 'x' });
    for (const d of [laptop, phone]) {
      await signIn(d.page, user);
      await expect(connection(d.page)).toHaveAttribute('data-state', 'live');
      await expect(messageRow(d.page, before)).toBeVisible();
    }

    await server.stop();
    for (const d of [laptop, phone]) await expect(connection(d.page)).toHaveAttribute('data-state', 'reconnecting');
    // while Pigeon is down: new mail arrives and another client deletes one
    const during = uniqueSubject('During restart');
    await deliver({ to: user.email, subject: during, text: 'x' });
    await expect.poll(() => mailbox.find('INBOX', during), { timeout: 15_000 }).not.toBeNull();
    await deleteByImap(mailbox, user, before);
    await server.start();

    for (const d of [laptop, phone]) {
      await expect(connection(d.page), 'back to live').toHaveAttribute('data-state', 'live', { timeout: 60_000 });
      await expect(messageRow(d.page, during)).toBeVisible();
      await expect(messageRow(d.page, before)).toHaveCount(0);
      await expect(d.page).toHaveURL(/\/mail\//);
      await expect(d.page.getByTestId('login-email')).toHaveCount(0);
    }
  } finally {
    await laptop.context.close();
    await phone.context.close();
    await server.dispose();
  }
});
