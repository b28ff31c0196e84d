import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type MessageActionBody, type MessageActionResult } from '@pigeon/shared';
import { createUser, imapClient } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, buildMessage, subjectsIn } from './test-mail.ts';

/** UID and flags of the message with `subject` in `folder`, as a separate IMAP client sees them. */
async function find(client: ImapFlow, folder: string, subject: string) {
  const lock = await client.getMailboxLock(folder);
  try {
    await client.noop();
    const uids = await client.search({ subject }, { uid: true });
    if (!uids || uids.length === 0) return null;
    const msg = await client.fetchOne(String(uids[0]), { uid: true, flags: true }, { uid: true });
    // the server sets \Recent itself
    return msg ? { uid: msg.uid, flags: [...(msg.flags ?? [])].filter((f) => f !== '\\Recent').sort() } : null;
  } finally {
    lock.release();
  }
}

describe('junk, not junk and delete forever', () => {
  let t: TestApp;
  let imap: ImapFlow;
  let headers: Record<string, string>;
  let accountId: string;

  beforeAll(async () => {
    const user = await createUser('junk');
    imap = await imapClient(user);
    t = await buildTestApp();
    ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  });
  afterAll(async () => {
    await imap?.logout();
    await t?.close();
  });

  const act = async (path: string, body: MessageActionBody) => {
    const res = await t.app.inject({ method: 'POST', url: apiRoutes.actions(accountId, path), headers, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MessageActionResult>();
  };

  it('junk moves to Junk with $Junk; not junk brings it back to INBOX with $NotJunk (seen by another client)', async () => {
    const uid = await appendMessage(imap, 'INBOX', await buildMessage({ subject: 'win a prize', text: 'x' }), [
      '$NotJunk',
    ]);
    expect(await act('INBOX', { action: 'junk', uids: [uid] })).toMatchObject({ destination: 'Junk' });
    expect(await find(imap, 'INBOX', 'win a prize')).toBeNull();
    const inJunk = await find(imap, 'Junk', 'win a prize');
    expect(inJunk?.flags).toEqual(['$Junk']);

    expect(await act('Junk', { action: 'notJunk', uids: [inJunk!.uid] })).toMatchObject({ destination: 'INBOX' });
    expect(await find(imap, 'Junk', 'win a prize')).toBeNull();
    expect((await find(imap, 'INBOX', 'win a prize'))?.flags).toEqual(['$NotJunk']);
  });

  it('junk inside Junk only marks it', async () => {
    const uid = await appendMessage(imap, 'Junk', await buildMessage({ subject: 'already junk', text: 'x' }));
    expect(await act('Junk', { action: 'junk', uids: [uid] })).toMatchObject({ destination: 'Junk' });
    expect(await find(imap, 'Junk', 'already junk')).toEqual({ uid, flags: ['$Junk'] });
  });

  it('delete forever expunges from any folder, exactly those UIDs, without a copy in Trash', async () => {
    const keep = await appendMessage(imap, 'Archive', await buildMessage({ subject: 'keep me', text: 'x' }));
    const gone = await appendMessage(imap, 'Archive', await buildMessage({ subject: 'big old file', text: 'x' }));
    expect(await act('Archive', { action: 'deleteForever', uids: [gone] })).toMatchObject({ expunged: true });
    expect(await subjectsIn(imap, 'Archive')).toEqual(['keep me']);
    expect(await subjectsIn(imap, 'Trash')).toEqual([]);
    expect(keep).toBeLessThan(gone);
  });
});
