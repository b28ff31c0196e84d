import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type ComposeDraft, type ErrorBody } from '@pigeon/shared';
import { createUser, deliver, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import {
  draftTo,
  findByMessageId,
  flagsOf,
  queue,
  waitFor,
  waitForMessage,
  waitForState,
} from '../../../test/compose-helpers.ts';

let t: TestApp;
let alice: MailUser;
let bob: MailUser;
let carol: MailUser;
let me: SignedIn;
let bobMe: SignedIn;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([createUser('compose-a'), createUser('compose-b'), createUser('compose-c')]);
  t = await buildTestApp({ sendUndoSeconds: 0, attachmentMaxBytes: 1_000_000 });
  me = await signIn(t.app, alice.email, alice.password);
  ({ headers, accountId } = me);
  bobMe = await signIn(t.app, bob.email, bob.password);
});

afterAll(async () => {
  await t?.close();
});

async function upload(who: SignedIn, filename: string, content: Buffer, contentType: string) {
  return t.app.inject({
    method: 'POST',
    url: apiRoutes.composeAttachments(who.accountId),
    headers: { ...who.headers, 'content-type': contentType, 'x-filename': encodeURIComponent(filename) },
    payload: content,
  });
}

async function sendAndWait(h: SignedIn, draft: ComposeDraft) {
  const item = await queue(t.app, h, draft);
  expect(item.state).toBe('scheduled');
  return waitForState(t.app, h, item.id, 'sent');
}

describe('sending', () => {
  it('alice → bob: bob’s INBOX has it with the right headers, alice’s Sent has it, Bcc only in Sent', async () => {
    const draft = draftTo(bob.email, {
      subject: '현장 학습 안내',
      cc: [{ name: 'Carol', address: carol.email }],
      bcc: [{ name: '', address: carol.email.replace('@', '+bcc@') }],
    });
    const sent = await sendAndWait(me, draft);
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@school\.test>$/);

    const [inbox] = await waitForMessage(bob, 'INBOX', sent.messageId);
    const m = inbox!.parsed;
    expect(m.subject).toBe('현장 학습 안내');
    expect(m.from?.value).toEqual([{ name: '', address: alice.email }]);
    expect(m.to && !Array.isArray(m.to) && m.to.value.map((a) => a.address)).toEqual([bob.email]);
    expect(m.cc && !Array.isArray(m.cc) && m.cc.value).toEqual([{ name: 'Carol', address: carol.email }]);
    expect(m.bcc).toBeUndefined();
    expect(m.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(m.html).toContain('<b>Pigeon</b>');
    expect(m.text).toContain('Hello from Pigeon');

    const inSent = await findByMessageId(alice, 'Sent', sent.messageId);
    expect(inSent).toHaveLength(1);
    expect(inSent[0]!.flags).toContain('\\Seen');
    expect(inSent[0]!.parsed.bcc).toBeDefined();
  });

  it('refuses an invalid address with the field, and a From the user may not use', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: apiRoutes.outbox(accountId),
      headers,
      payload: draftTo(['bob@', bob.email]),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error).toMatchObject({ code: 'compose.invalid_address', field: 'to' });
    const other = await t.app.inject({
      method: 'POST',
      url: apiRoutes.identities,
      headers,
      payload: { email: 'principal@school.test', name: 'P', replyTo: null, signature: '', isDefault: false },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json<ErrorBody>().error.code).toBe('compose.from_not_allowed');
  });

  it('sends as an identity: display name and Reply-To', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: apiRoutes.identities,
      headers,
      payload: {
        email: alice.email,
        name: 'Alice Kim',
        replyTo: 'office@school.test',
        signature: '<p>-- Alice</p>',
        isDefault: false,
      },
    });
    expect(created.statusCode).toBe(201);
    const sent = await sendAndWait(me, draftTo(bob.email, { identityId: created.json<{ id: string }>().id }));
    const [got] = await waitForMessage(bob, 'INBOX', sent.messageId);
    expect(got!.parsed.from?.value).toEqual([{ name: 'Alice Kim', address: alice.email }]);
    expect(got!.parsed.replyTo?.value).toEqual([{ name: '', address: 'office@school.test' }]);
  });
});

describe('reply and forward', () => {
  it('reply threads (In-Reply-To, References, Re:) and sets \\Answered on the original', async () => {
    const { messageId: originalId } = await deliver({
      to: alice.email,
      from: `Bob <${bob.email}>`,
      subject: 'Lunch menu',
      text: 'Kimchi on Friday?',
      headers: { References: '<root@school.test>' },
    });
    const [original] = await waitForMessage(alice, 'INBOX', originalId);
    const pre = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composePrefill(accountId),
      headers,
      payload: { mode: 'replyAll', path: 'INBOX', uid: original!.uid },
    });
    expect(pre.statusCode).toBe(200);
    const draft = pre.json<ComposeDraft>();
    expect(draft.subject).toBe('Re: Lunch menu');
    expect(draft.to).toEqual([{ name: 'Bob', address: bob.email }]);
    expect(draft.inReplyTo).toBe(originalId);
    expect(draft.references).toEqual(['<root@school.test>', originalId]);
    expect(draft.text).toContain('> Kimchi on Friday?');
    expect(draft.html).toContain('<blockquote type="cite">');

    const sent = await sendAndWait(me, { ...draft, html: `<p>Yes!</p>${draft.html}` });
    const [reply] = await waitForMessage(bob, 'INBOX', sent.messageId);
    expect(reply!.parsed.inReplyTo).toBe(originalId);
    expect(reply!.parsed.references).toEqual(['<root@school.test>', originalId]);
    expect(reply!.parsed.subject).toBe('Re: Lunch menu');
    await waitFor(
      async () => (await flagsOf(alice, 'INBOX', original!.uid)).includes('\\Answered'),
      '\\Answered on the original',
    );

    const contacts = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.contacts}?q=${encodeURIComponent(bob.email.slice(0, 12))}`,
      headers,
    });
    expect(contacts.json<{ contacts: { address: string }[] }>().contacts.map((c) => c.address)).toContain(bob.email);
  });

  it('attachments round-trip byte for byte with a Korean file name, and forward carries them with $Forwarded', async () => {
    const bytes = randomBytes(300_000);
    const up = await upload(me, '가정통신문 3월.pdf', bytes, 'application/pdf');
    expect(up.statusCode).toBe(201);
    const att = up.json<ComposeAttachment>();
    expect(att).toMatchObject({
      filename: '가정통신문 3월.pdf',
      contentType: 'application/pdf',
      size: 300_000,
      inline: false,
    });

    const sent = await sendAndWait(me, draftTo(bob.email, { attachments: [att] }));
    const [got] = await waitForMessage(bob, 'INBOX', sent.messageId);
    expect(got!.parsed.attachments).toHaveLength(1);
    expect(got!.parsed.attachments[0]!.filename).toBe('가정통신문 3월.pdf');
    expect(got!.parsed.attachments[0]!.content.equals(bytes)).toBe(true);

    const pre = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composePrefill(bobMe.accountId),
      headers: bobMe.headers,
      payload: { mode: 'forward', path: 'INBOX', uid: got!.uid },
    });
    const fwd = pre.json<ComposeDraft>();
    expect(fwd.subject).toMatch(/^Fwd: Test /);
    expect(fwd.attachments.map((a) => a.filename)).toEqual(['가정통신문 3월.pdf']);
    expect(fwd.text).toContain('---------- Forwarded message ---------');
    const forwarded = await sendAndWait(bobMe, { ...fwd, to: [{ name: '', address: carol.email }] });
    const [atCarol] = await waitForMessage(carol, 'INBOX', forwarded.messageId);
    expect(atCarol!.parsed.attachments[0]!.content.equals(bytes)).toBe(true);
    await waitFor(
      async () => (await flagsOf(bob, 'INBOX', got!.uid)).includes('$Forwarded'),
      '$Forwarded on the original',
    );
  });

  it('refuses an upload over the limit with compose.too_large', async () => {
    const res = await upload(me, 'big.bin', randomBytes(1_100_000), 'application/octet-stream');
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('compose.too_large');
    const limits = await t.app.inject({ method: 'GET', url: apiRoutes.composeLimits(accountId), headers });
    expect(limits.json()).toEqual({ maxAttachmentBytes: 1_000_000, undoSeconds: 0 });
  });
});
