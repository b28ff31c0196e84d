import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, deliver, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../test/test-app.ts';
import { signIn } from '../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../test/realtime-helpers.ts';
import { apiRoutes, type AccountList, type MessagePage } from '@pigeon/shared';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });

// deliver() returns at Postfix's 250; the message reaches the mailbox through LMTP a moment later
async function inboxUid(user: MailUser, subject: string): Promise<number> {
  const client = await imapClient(user);
  try {
    let uid = 0;
    await until(async () => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = await client.search({ subject }, { uid: true });
        if (!uids || uids.length !== 1) throw new Error(`expected one "${subject}", found ${JSON.stringify(uids)}`);
        uid = uids[0]!;
      } finally {
        lock.release();
      }
    });
    return uid;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** `message.added` payloads without the rows they carry (the rows are checked on their own) */
const idsOf = (socket: TestSocket) => socket.of('message.added').map(({ path, uids }) => ({ path, uids }));

describe('realtime: IMAP changes pushed over socket.io', () => {
  let t: TestApp;
  let url: string;
  let alice: MailUser;
  let bob: MailUser;
  let aliceSocket: TestSocket;
  let bobSocket: TestSocket;
  let aliceCookie: string;
  let aliceAccount: string;
  let bobCookie: string;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser('rt-a'), createUser('rt-b')]);
    t = await buildTestApp();
    url = await listen(t.app);
    ({ cookie: aliceCookie, accountId: aliceAccount } = await signIn(t.app, alice.email, alice.password));
    bobCookie = (await signIn(t.app, bob.email, bob.password)).cookie;
    aliceSocket = await connectSocket(url, aliceCookie);
    bobSocket = await connectSocket(url, bobCookie);
    await until(() => expect(aliceSocket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
    await until(() => expect(bobSocket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
  });
  afterAll(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await t?.close();
  });

  it('refuses a socket without a session cookie, and one from another Origin', async () => {
    await expect(connectSocket(url, null)).rejects.toThrow(/auth.not_signed_in/);
    await expect(connectSocket(url, aliceCookie, 'http://evil.example')).rejects.toThrow();
    await expect(connectSocket(url, aliceCookie, null)).rejects.toThrow();
  });

  it('delivers SMTP mail to its user as message.added, and nothing to another user', async () => {
    await deliver({ to: alice.email, subject: 'for alice only' });
    const uid = await inboxUid(alice, 'for alice only');
    await until(() => expect(idsOf(aliceSocket)).toContainEqual({ path: 'INBOX', uids: [uid] }));
    await until(() =>
      expect(aliceSocket.of('mailbox.countsChanged')).toContainEqual({ path: 'INBOX', total: 1, unread: 1 }),
    );

    // bob's own delivery arrives on bob's socket: by then alice's would have too, had it been sent to him
    await deliver({ to: bob.email, subject: 'for bob' });
    const bobUid = await inboxUid(bob, 'for bob');
    await until(() => expect(idsOf(bobSocket)).toEqual([{ path: 'INBOX', uids: [bobUid] }]));
    expect(idsOf(aliceSocket)).toEqual([{ path: 'INBOX', uids: [uid] }]);
    expect(bobSocket.of('mailbox.countsChanged').every((e) => e.total <= 1)).toBe(true);
    // every event names its account, and each user's socket only ever heard of their own account
    const accountOf = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: apiRoutes.accounts, headers: { cookie } })).json<AccountList>()
        .accounts[0]!.id;
    expect(aliceSocket.accountIds()).toEqual(new Set([await accountOf(aliceCookie)]));
    expect(bobSocket.accountIds()).toEqual(new Set([await accountOf(bobCookie)]));
  });

  it('pushes the new row itself to every device of the account (the row the list answers): no device needs changes', async () => {
    const secondDevice = await connectSocket(url, (await signIn(t.app, alice.email, alice.password)).cookie);
    try {
      await until(() => expect(secondDevice.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      await deliver({ to: alice.email, subject: 'row in the event', text: 'the preview rides along' });
      const uid = await inboxUid(alice, 'row in the event');
      const pushed = (socket: TestSocket) => socket.of('message.added').find((e) => e.uids.includes(uid));
      await until(() => expect(pushed(aliceSocket)).toBeDefined());
      await until(() => expect(pushed(secondDevice)).toBeDefined());
      const page = (
        await t.app.inject({
          method: 'GET',
          url: apiRoutes.messages(aliceAccount, 'INBOX'),
          headers: { cookie: aliceCookie },
        })
      ).json<MessagePage>();
      const listed = page.messages.find((m) => m.uid === uid);
      expect(listed?.preview).toContain('the preview rides along');
      for (const socket of [aliceSocket, secondDevice])
        expect(pushed(socket)).toEqual({ path: 'INBOX', uids: [uid], rows: [listed] });
    } finally {
      secondDevice.close();
    }
  });

  it('reports a flag change and an expunge made by another IMAP client (the phone)', async () => {
    await deliver({ to: alice.email, subject: 'phone target' });
    const uid = await inboxUid(alice, 'phone target');
    await until(() => expect(idsOf(aliceSocket)).toContainEqual({ path: 'INBOX', uids: [uid] }));

    const phone = await imapClient(alice);
    try {
      const lock = await phone.getMailboxLock('INBOX');
      try {
        await phone.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true });
        await until(() =>
          expect(aliceSocket.of('message.flagsChanged')).toContainEqual({
            path: 'INBOX',
            changes: [{ uid, flags: { seen: true, flagged: true, answered: false, draft: false } }],
          }),
        );
        await phone.messageDelete(String(uid), { uid: true });
        await until(() => expect(aliceSocket.of('message.removed')).toContainEqual({ path: 'INBOX', uids: [uid] }));
      } finally {
        lock.release();
      }
    } finally {
      await phone.logout().catch(() => phone.close());
    }
  });

  it('makes the folder a device shows live too, and keeps other folders counted', async () => {
    const phone = await imapClient(alice);
    try {
      // Dovecot 2.3 sends no NOTIFY MailboxName event: a new folder shows up with its first message
      await phone.mailboxCreate('Projects');
      await phone.append('Projects', 'Subject: first\r\n\r\nx\r\n', []);
      await until(() => expect(aliceSocket.of('mailbox.listChanged').length).toBeGreaterThan(0));
      await until(() =>
        expect(aliceSocket.of('mailbox.countsChanged')).toContainEqual({ path: 'Projects', total: 1, unread: 1 }),
      );
      aliceSocket.socket.emit('mailbox.watch', 'Projects');
      await phone.mailboxCreate('Archive').catch(() => {});
      await phone.append('Archive', 'Subject: archived\r\n\r\nx\r\n', ['\\Seen']);
      await until(() =>
        expect(aliceSocket.of('mailbox.countsChanged')).toContainEqual({ path: 'Archive', total: 1, unread: 0 }),
      );
      const appended = await phone.append('Projects', 'Subject: filed\r\n\r\nx\r\n', []);
      const uid = appended ? appended.uid : -1;
      await until(() => expect(idsOf(aliceSocket)).toContainEqual({ path: 'Projects', uids: [uid] }));
      expect(aliceSocket.of('message.added').some((e) => e.path === 'Archive')).toBe(false);
    } finally {
      await phone.logout().catch(() => phone.close());
    }
  });

  it('asks for the password again when the mail server stops taking it, and goes live with the new one', async () => {
    const carol = await createUser('rt-pw');
    const carolIn = await signIn(t.app, carol.email, carol.password);
    const device = await connectSocket(url, carolIn.cookie);
    try {
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      // the password is changed elsewhere; open IMAP sessions survive that until the server drops them
      const name = carol.email.split('@')[0]!;
      await promisify(execFile)('bash', [
        path.resolve(import.meta.dirname, '../../../../scripts/mail/add-user.sh'),
        name,
        `${name}-new`,
      ]);
      await promisify(execFile)('doveadm', ['-c', path.join(mailFixture.dir, 'dovecot.conf'), 'kick', carol.email]);
      await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'reauth' }));

      // the web signs in again in place and reconnects its socket with the new cookie; a session still holding the
      // old password (here: `device`'s) ends, so a stolen cookie does not outlive the password change (decision 014)
      const oldGone = new Promise((resolve) => device.socket.once('disconnect', resolve));
      const again = await signIn(t.app, carol.email, `${name}-new`);
      const reconnected = await connectSocket(url, again.cookie);
      try {
        await until(() => expect(reconnected.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
        expect(await oldGone).toBe('io server disconnect');
      } finally {
        reconnected.close();
      }
    } finally {
      device.close();
    }
  });
});
