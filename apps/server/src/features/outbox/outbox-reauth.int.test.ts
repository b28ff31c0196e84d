// The password is changed elsewhere while Pigeon's IMAP sessions stay open: the next send meets SMTP's 535. The
// devices are asked for the password (the same `reauth` state as a refused IMAP login), the message waits, and it is
// sent exactly once after the user signs in again.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen } from '../../../test/realtime-helpers.ts';
import {
  draftTo,
  findByMessageId,
  outboxItem,
  queue,
  waitForMessage,
  waitForState,
} from '../../../test/compose-helpers.ts';

const until = (fn: () => void) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });
const addUser = path.resolve(import.meta.dirname, '../../../../../scripts/mail/add-user.sh');

let t: TestApp;
let url: string;
let bob: MailUser;

beforeAll(async () => {
  bob = await createUser('smtp-auth-b');
  t = await buildTestApp({ sendUndoSeconds: 0 });
  url = await listen(t.app);
});

afterAll(async () => {
  await t?.close();
});

describe('outbox: SMTP refuses the login (password changed elsewhere)', () => {
  it('asks every device for the password, keeps the message, and sends it once after the new sign-in', async () => {
    const dana = await createUser('smtp-auth');
    const first = await signIn(t.app, dana.email, dana.password);
    const device = await connectSocket(url, first.cookie);
    try {
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      // the password changes at the provider; Pigeon's open IMAP connections stay logged in
      const name = dana.email.split('@')[0]!;
      await promisify(execFile)('bash', [addUser, name, `${name}-new`]);

      const item = await queue(t.app, first, draftTo(bob.email, { subject: 'After a password change' }));
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'reauth' }));
      const waiting = await outboxItem(t.app, first, item.id);
      expect(waiting).toMatchObject({ state: 'retrying', error: { code: 'compose.auth_failed' } });
      expect(waiting?.error?.message).toMatch(/^535/);

      // the web's dialog signs in again in place
      const again = await signIn(t.app, dana.email, `${name}-new`);
      const sent = await waitForState(t.app, again, item.id, 'sent');
      expect(sent.error).toBeNull();
      expect(await waitForMessage(bob, 'INBOX', item.messageId)).toHaveLength(1);
      expect(await findByMessageId({ ...dana, password: `${name}-new` }, 'Sent', item.messageId)).toHaveLength(1);
      // the session with the old password has ended; the web reconnects with the new cookie and is live again
      const reconnected = await connectSocket(url, again.cookie);
      try {
        await until(() => expect(reconnected.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      } finally {
        reconnected.close();
      }
    } finally {
      device.close();
    }
  });

  it('brings the live session back and sends once when the user signs in again with the same password', async () => {
    const erin = await createUser('smtp-auth-same');
    const name = erin.email.split('@')[0]!;
    const first = await signIn(t.app, erin.email, erin.password);
    const device = await connectSocket(url, first.cookie);
    try {
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      // SMTP auth is briefly broken for this login (a 535 that passes): the message meets it, then it is fixed
      await promisify(execFile)('bash', [addUser, name, `${name}-broken`]);
      const item = await queue(t.app, first, draftTo(bob.email, { subject: 'After a passing 535' }));
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'reauth' }));
      expect((await outboxItem(t.app, first, item.id))?.error?.message).toMatch(/^535/);
      await promisify(execFile)('bash', [addUser, name, erin.password]);

      // the dialog signs in with the password the session already holds: this device (same session) goes live again
      const refused = device.of('account.stateChanged').length;
      const again = await signIn(t.app, erin.email, erin.password);
      await until(() => expect(device.of('account.stateChanged').slice(refused).at(-1)).toEqual({ state: 'live' }));

      const sent = await waitForState(t.app, again, item.id, 'sent');
      expect(sent.error).toBeNull();
      expect(await waitForMessage(bob, 'INBOX', item.messageId)).toHaveLength(1);
      expect(await findByMessageId(erin, 'Sent', item.messageId)).toHaveLength(1);
    } finally {
      device.close();
    }
  });
});
