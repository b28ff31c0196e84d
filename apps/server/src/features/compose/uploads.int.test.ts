import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type ComposeDraft, type ErrorBody, type SavedDraft } from '@pigeon/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createUser, deliver, imapClient, type MailUser } from '@pigeon/mail-fixture';
import { draftTo, queue, waitForMessage, waitForState } from '../../../test/compose-helpers.ts';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';

let t: TestApp;
let alice: MailUser;
let dora: MailUser;
let bob: MailUser;
let headers: Record<string, string>;
let accountId: string;
let dora$: SignedIn;
let doraHeaders: Record<string, string>;
let doraAccount: string;

beforeAll(async () => {
  [alice, dora, bob] = await Promise.all([createUser('uploads-a'), createUser('uploads-d'), createUser('uploads-b')]);
  t = await buildTestApp({ attachmentMaxBytes: 1_000_000, uploadQuotaBytes: 500_000, sendUndoSeconds: 0 });
  ({ headers, accountId } = await signIn(t.app, alice.email, alice.password));
  dora$ = await signIn(t.app, dora.email, dora.password);
  ({ headers: doraHeaders, accountId: doraAccount } = dora$);
});

afterAll(async () => {
  await t?.close();
});

const upload = (content: Buffer) =>
  t.app.inject({
    method: 'POST',
    url: apiRoutes.composeAttachments(accountId),
    headers: { ...headers, 'content-type': 'application/octet-stream', 'x-filename': 'part.bin' },
    payload: content,
  });

describe('upload storage per user', () => {
  it('refuses an upload past UPLOAD_QUOTA_BYTES with compose.quota_exceeded, and takes it once room is made', async () => {
    const first = await upload(randomBytes(300_000));
    expect(first.statusCode).toBe(201);
    const over = await upload(randomBytes(300_000));
    expect(over.statusCode).toBe(413);
    expect(over.json<ErrorBody>().error).toMatchObject({ code: 'compose.quota_exceeded', details: { quota: 500_000 } });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: apiRoutes.composeAttachment(accountId, first.json<ComposeAttachment>().id),
      headers,
    });
    expect(removed.statusCode).toBe(204);
    expect((await upload(randomBytes(300_000))).statusCode).toBe(201);
  });
});

describe('forwarding', () => {
  it('stores no second copy of the files: the draft names them in the original, and they are served from there', async () => {
    const bytes = randomBytes(200_000);
    const { messageId } = await deliver({
      to: alice.email,
      subject: 'Field trip forms',
      text: 'See attached.',
      attachments: [{ filename: 'form.pdf', content: bytes, contentType: 'application/pdf' }],
    });
    const [original] = await waitForMessage(alice, 'INBOX', messageId);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: alice.email.toLowerCase() } });
    const rows = () => t.db.prisma.composeAttachment.count({ where: { userId: user.id } });
    const before = await rows();

    for (const mode of ['forward', 'forwardAttachment'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.composePrefill(accountId),
        headers,
        payload: { mode, path: 'INBOX', uid: original!.uid },
      });
      expect(res.statusCode).toBe(200);
      const [att] = res.json<ComposeDraft>().attachments;
      expect(att).toMatchObject(
        mode === 'forward'
          ? { filename: 'form.pdf', contentType: 'application/pdf' }
          : { filename: 'Field trip forms.eml', contentType: 'message/rfc822' },
      );
      // the size is the server's estimate (from BODYSTRUCTURE) until the file is read
      expect(att!.size).toBeGreaterThanOrEqual(200_000);
      const file = await t.app.inject({ method: 'GET', url: apiRoutes.composeAttachment(accountId, att!.id), headers });
      expect(file.statusCode).toBe(200);
      if (mode === 'forward') expect(file.rawPayload.equals(bytes)).toBe(true);
      else expect(file.rawPayload.toString('latin1')).toContain('Field trip forms');
    }
    expect(await rows()).toBe(before);
  });
});

describe('opening a draft', () => {
  it('stores no second copy: the files stay in the draft across autosaves, a reopen and the send', async () => {
    const bytes = randomBytes(150_000);
    const up = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(doraAccount),
      headers: { ...doraHeaders, 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('계획서.pdf') },
      payload: bytes,
    });
    expect(up.statusCode).toBe(201);
    const att = up.json<ComposeAttachment>();
    const save = async (draft: ComposeDraft) => {
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.drafts(doraAccount),
        headers: doraHeaders,
        payload: draft,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<SavedDraft>();
    };
    const open = async ({ path, uid }: SavedDraft) => {
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.draftOpen(doraAccount),
        headers: doraHeaders,
        payload: { path, uid: uid! },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ComposeDraft>();
    };
    const saved = await save(draftTo(bob.email, { subject: 'Plan', attachments: [att] }));

    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: dora.email.toLowerCase() } });
    const rows = () => t.db.prisma.composeAttachment.count({ where: { userId: user.id } });
    const used = async () =>
      (await t.db.prisma.composeAttachment.aggregate({ where: { userId: user.id }, _sum: { size: true } }))._sum.size ??
      0;
    const [rowsBefore, usedBefore] = [await rows(), await used()];
    expect(rowsBefore).toBe(1);

    const opened = await open(saved);
    expect(opened.attachments).toHaveLength(1);
    const [ref] = opened.attachments;
    expect(ref).toMatchObject({ filename: '계획서.pdf', contentType: 'application/pdf', size: 150_000, inline: false });
    expect(ref!.id).not.toBe(att.id);
    expect(ref!.id.startsWith('d.')).toBe(true);
    expect([await rows(), await used()]).toEqual([rowsBefore, usedBefore]);
    const served = await t.app.inject({
      method: 'GET',
      url: apiRoutes.composeAttachment(doraAccount, ref!.id),
      headers: doraHeaders,
    });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(bytes)).toBe(true);

    // the upload is gone (removed, or cleaned up): the draft alone holds the file from here on
    const removed = await t.app.inject({
      method: 'DELETE',
      url: apiRoutes.composeAttachment(doraAccount, att.id),
      headers: doraHeaders,
    });
    expect(removed.statusCode).toBe(204);
    expect(await rows()).toBe(0);

    // each autosave deletes the copy the file was read from; the next one still finds it in the new copy
    const second = await save({ ...opened, subject: 'Plan 2' });
    const third = await save({ ...opened, subject: 'Plan 3' });
    expect(new Set([saved.uid, second.uid, third.uid]).size).toBe(3);

    const reopened = await open(third);
    expect(reopened.subject).toBe('Plan 3');
    expect(reopened.attachments).toEqual(opened.attachments);
    expect(await rows()).toBe(0);

    const item = await queue(t.app, dora$, reopened);
    const sent = await waitForState(t.app, dora$, item.id, 'sent');
    const [got] = await waitForMessage(bob, 'INBOX', sent.messageId);
    expect(got!.parsed.attachments).toHaveLength(1);
    expect(got!.parsed.attachments[0]!.filename).toBe('계획서.pdf');
    expect(got!.parsed.attachments[0]!.content.equals(bytes)).toBe(true);
    expect(await rows()).toBe(0);
  });

  it('copies nothing from another client’s draft either: inline images and files without Content-ID stay in it', async () => {
    const image = randomBytes(40_000);
    const file = randomBytes(60_000);
    const raw = await new MailComposer({
      from: dora.email,
      to: bob.email,
      subject: 'Foreign draft',
      html: '<p>Look</p><img src="cid:pic@other.client">',
      attachments: [
        { filename: 'pic.png', content: image, contentType: 'image/png', cid: 'pic@other.client' },
        { filename: 'notes.bin', content: file, contentType: 'application/octet-stream' },
      ],
    })
      .compile()
      .build();
    const client = await imapClient(dora);
    const appended = await client.append('Drafts', raw, ['\\Draft']);
    await client.logout();
    const uid = appended && appended.uid;
    expect(uid).toBeTruthy();

    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: dora.email.toLowerCase() } });
    const rows = () => t.db.prisma.composeAttachment.count({ where: { userId: user.id } });
    const before = await rows();
    const open = async (at: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: apiRoutes.draftOpen(doraAccount),
        headers: doraHeaders,
        payload: { path: 'Drafts', uid: at },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ComposeDraft>();
    };
    const opened = await open(uid as number);
    expect(await rows()).toBe(before);
    const pic = opened.attachments.find((a) => a.filename === 'pic.png');
    const notes = opened.attachments.find((a) => a.filename === 'notes.bin');
    expect(pic).toMatchObject({ inline: true, size: image.length });
    expect(notes).toMatchObject({ inline: false, size: file.length });
    expect([pic!.id, notes!.id].every((id) => id.startsWith('d.'))).toBe(true);
    expect(opened.html).toContain(apiRoutes.composeAttachment(doraAccount, pic!.id));
    for (const [a, bytes] of [
      [pic!, image],
      [notes!, file],
    ] as const) {
      const served = await t.app.inject({
        method: 'GET',
        url: apiRoutes.composeAttachment(doraAccount, a.id),
        headers: doraHeaders,
      });
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.equals(bytes)).toBe(true);
    }

    // saved by Pigeon: the new copy carries the files under the same ids; reopened, still nothing stored
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.drafts(doraAccount),
      headers: doraHeaders,
      payload: opened,
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<SavedDraft>();
    const reopened = await open(saved.uid!);
    expect(reopened.attachments.map((a) => [a.filename, a.inline, a.size])).toEqual(
      opened.attachments.map((a) => [a.filename, a.inline, a.size]),
    );
    expect(await rows()).toBe(before);

    const item = await queue(t.app, dora$, reopened);
    const sent = await waitForState(t.app, dora$, item.id, 'sent');
    const [got] = await waitForMessage(bob, 'INBOX', sent.messageId);
    const byName = new Map(got!.parsed.attachments.map((a) => [a.filename, a]));
    expect(byName.get('pic.png')?.content.equals(image)).toBe(true);
    expect(byName.get('notes.bin')?.content.equals(file)).toBe(true);
    // the inline image is still shown in place: a related part the HTML points at (mailparser inlines it as data:)
    expect(byName.get('pic.png')?.related).toBe(true);
    expect(got!.parsed.html).toMatch(new RegExp(`cid:${byName.get('pic.png')!.cid}|data:image/png`));
    expect(await rows()).toBe(before);
  });
});
