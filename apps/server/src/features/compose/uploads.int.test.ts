import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type ComposeDraft, type ErrorBody } from '@pigeon/shared';
import { createUser, deliver, type MailUser } from '@pigeon/mail-fixture';
import { waitForMessage } from '../../../test/compose-helpers.ts';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';

let t: TestApp;
let alice: MailUser;
let headers: Record<string, string>;

beforeAll(async () => {
  alice = await createUser('uploads-a');
  t = await buildTestApp({ attachmentMaxBytes: 1_000_000, uploadQuotaBytes: 500_000 });
  ({ headers } = await signIn(t.app, alice.email, alice.password));
});

afterAll(async () => {
  await t?.close();
});

const upload = (content: Buffer) =>
  t.app.inject({
    method: 'POST',
    url: apiRoutes.composeAttachments,
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
      url: apiRoutes.composeAttachment(first.json<ComposeAttachment>().id),
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
        url: apiRoutes.composePrefill,
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
      const file = await t.app.inject({ method: 'GET', url: apiRoutes.composeAttachment(att!.id), headers });
      expect(file.statusCode).toBe(200);
      if (mode === 'forward') expect(file.rawPayload.equals(bytes)).toBe(true);
      else expect(file.rawPayload.toString('latin1')).toContain('Field trip forms');
    }
    expect(await rows()).toBe(before);
  });
});
