import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createUser,
  deliver,
  imapClient,
  mailFixture,
  startDovecot,
  stopDovecot,
  type MailUser,
} from '@pigeon/mail-fixture';
import { apiRoutes, type MailboxChanges, type MessagePage } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';

const until = (fn: () => void | Promise<void>, timeout = 30_000) => vi.waitFor(fn, { timeout, interval: 50 });

async function uidsOf(user: MailUser): Promise<Map<string, number>> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const rows = await client.fetchAll('1:*', { uid: true, envelope: true });
      return new Map(rows.map((m) => [m.envelope?.subject ?? '', m.uid]));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

describe('GET /api/accounts/:accountId/mailboxes/:path/changes', () => {
  let t: TestApp;
  let user: MailUser;
  let signedIn: SignedIn;

  beforeAll(async () => {
    user = await createUser('sync');
    for (const subject of ['keep', 'to flag', 'to delete']) await deliver({ to: user.email, subject });
    await until(async () => expect((await uidsOf(user)).size).toBe(3));
    t = await buildTestApp();
    signedIn = await signIn(t.app, user.email, user.password);
  });
  afterAll(async () => {
    await startDovecot();
    await t?.close();
  });

  const changes = (since?: string) =>
    t.app.inject({
      method: 'GET',
      url: apiRoutes.changes(signedIn.accountId, 'INBOX'),
      query: since ? { since } : {},
      headers: signedIn.headers,
    });

  it('answers reset without a token or with a malformed one', async () => {
    for (const since of [undefined, 'garbage']) {
      const res = await changes(since);
      expect(res.statusCode).toBe(200);
      expect(res.json<MailboxChanges>()).toMatchObject({ reset: true, added: [], total: 3 });
    }
  });

  it('returns exactly what happened while Dovecot was down: 3 delivered, 1 flagged, 1 deleted', async () => {
    const url = await listen(t.app);
    const socket: TestSocket = await connectSocket(url, signedIn.cookie);
    try {
      await until(() => expect(socket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
      const page = (
        await t.app.inject({
          method: 'GET',
          url: apiRoutes.messages(signedIn.accountId, 'INBOX'),
          headers: signedIn.headers,
        })
      ).json<MessagePage>();
      expect(page.messages).toHaveLength(3);
      const since = page.syncToken;
      expect(since).toEqual(expect.any(String));
      const before = await uidsOf(user);

      await stopDovecot();
      await until(() => expect(socket.of('account.stateChanged').at(-1)).toEqual({ state: 'reconnecting' }));
      // Postfix accepts (250) and queues while LMTP is gone
      for (const subject of ['outage 1', 'outage 2', 'outage 3']) await deliver({ to: user.email, subject });
      await startDovecot();
      await promisify(execFile)('postqueue', ['-c', path.join(mailFixture.dir, 'postfix'), '-f']);
      const phone = await imapClient(user);
      try {
        const lock = await phone.getMailboxLock('INBOX');
        try {
          await phone.messageFlagsAdd(String(before.get('to flag')), ['\\Flagged'], { uid: true });
          await phone.messageDelete(String(before.get('to delete')), { uid: true });
        } finally {
          lock.release();
        }
      } finally {
        await phone.logout().catch(() => phone.close());
      }
      await until(async () => expect((await uidsOf(user)).size).toBe(5));
      await until(() => expect(socket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));

      let result: MailboxChanges | undefined;
      await until(async () => {
        const res = await changes(since);
        expect(res.statusCode).toBe(200);
        result = res.json<MailboxChanges>();
      });
      const after = await uidsOf(user);
      expect(result).toMatchObject({ reset: false, total: 5, unread: 5 });
      expect(result!.added.map((m) => m.subject).sort()).toEqual(['outage 1', 'outage 2', 'outage 3']);
      expect(result!.added.map((m) => m.uid).sort()).toEqual(
        ['outage 1', 'outage 2', 'outage 3'].map((s) => after.get(s)).sort(),
      );
      expect(result!.changed).toEqual([
        { uid: before.get('to flag'), flags: { seen: false, flagged: true, answered: false, draft: false } },
      ]);
      expect(result!.removed).toEqual([before.get('to delete')]);

      // the new token starts from here: nothing has changed since
      const again = (await changes(result!.syncToken)).json<MailboxChanges>();
      expect(again).toMatchObject({ reset: false, added: [], changed: [], removed: [] });
    } finally {
      socket.close();
    }
  });
});
