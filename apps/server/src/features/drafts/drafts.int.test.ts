import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type ComposeDraft, type SavedDraft } from '@pigeon/shared';
import { createUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { draftTo } from '../../../test/compose-helpers.ts';

let t: TestApp;
let user: MailUser;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  user = await createUser('drafts');
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
});

afterAll(async () => {
  await t?.close();
});

async function draftsFolder(): Promise<{ uid: number; subject: string; flags: string[] }[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('Drafts');
    try {
      const out = [];
      for await (const m of client.fetch('1:*', { uid: true, envelope: true, flags: true }))
        out.push({ uid: m.uid, subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])] });
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

const save = async (draft: ComposeDraft) => {
  const res = await t.app.inject({ method: 'POST', url: apiRoutes.drafts(accountId), headers, payload: draft });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SavedDraft>();
};

describe('drafts', () => {
  it('autosave replaces the previous copy of the same draft; opening continues it; discarding deletes it', async () => {
    const up = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(accountId),
      headers: { ...headers, 'content-type': 'text/plain', 'x-filename': encodeURIComponent('메모.txt') },
      payload: '메모 내용',
    });
    const att = up.json<ComposeAttachment>();
    const draft = draftTo('bob@school.test', {
      subject: 'First words',
      bcc: [{ name: '', address: 'carol@school.test' }],
      attachments: [att],
      source: { path: 'INBOX', uid: 3, kind: 'reply' },
    });
    const first = await save(draft);
    const second = await save({ ...draft, subject: 'Second words' });
    const third = await save({ ...draft, subject: 'Third words', html: '<p>Final <i>text</i></p>' });
    expect(new Set([first.uid, second.uid, third.uid]).size).toBe(3);

    const copies = await draftsFolder();
    expect(copies.map((c) => c.subject)).toEqual(['Third words']);
    expect(copies[0]!.flags).toEqual(expect.arrayContaining(['\\Draft', '\\Seen']));

    const opened = await t.app.inject({
      method: 'POST',
      url: apiRoutes.draftOpen(accountId),
      headers,
      payload: { path: third.path, uid: third.uid! },
    });
    expect(opened.statusCode).toBe(200);
    const back = opened.json<ComposeDraft>();
    expect(back).toMatchObject({
      draftId: draft.draftId,
      subject: 'Third words',
      to: draft.to,
      bcc: draft.bcc,
      source: draft.source,
      format: 'html',
    });
    expect(back.html).toContain('<i>text</i>');
    expect(back.attachments.map((a) => [a.filename, a.size])).toEqual([['메모.txt', Buffer.byteLength('메모 내용')]]);

    // continuing from the opened copy still replaces it
    await save({ ...back, subject: 'Fourth words' });
    expect((await draftsFolder()).map((c) => c.subject)).toEqual(['Fourth words']);

    const discard = await t.app.inject({
      method: 'DELETE',
      url: apiRoutes.draftById(accountId, draft.draftId),
      headers,
    });
    expect(discard.statusCode).toBe(204);
    expect(await draftsFolder()).toEqual([]);
  });
});
