import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type ErrorBody } from '@pigeon/shared';
import { createUser, type MailUser } from '@pigeon/mail-fixture';
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
