// Downloads (attachment, .eml) against the real Dovecot: each streams on a connection of its own, so a paused reader
// does not hold up the user's other requests; a per-user cap; a client that leaves frees the connection.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoutes, type ErrorBody, type MessageDetail } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, buildMessage, createUser, imapClient, type MailUser } from './test-mail.ts';

const MiB = 1024 * 1024;
// far more than the socket buffers of both ends hold, so a paused reader stops the stream mid-way
const FILE = Buffer.alloc(16 * MiB);
for (let i = 0; i < FILE.length; i += 4) FILE.writeUInt32LE((i * 2654435761) >>> 0, i);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
let base: string;
let bigUid: number;
let smallUid: number;
let attachmentId: string;

/** A GET over real HTTP whose body is not read (paused: backpressure) until the caller says so. */
function pausedGet(url: string): Promise<{ res: http.IncomingMessage; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${url}`, { headers: { cookie: headers.cookie! } }, (res) => {
      res.pause();
      resolve({ res, req });
    });
    req.on('error', reject);
  });
}

async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  user = await createUser('t-dl');
  imap = await imapClient(user);
  t = await buildTestApp({ attachmentMaxBytes: 64 * MiB });
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  bigUid = await appendMessage(
    imap,
    'INBOX',
    await buildMessage({
      subject: 'big file',
      text: 'see attached',
      attachments: [{ filename: 'big.bin', content: FILE, contentType: 'application/octet-stream' }],
    }),
  );
  smallUid = await appendMessage(imap, 'INBOX', await buildMessage({ subject: 'small', text: 'hello' }));
  const detail = await t.app.inject({ url: apiRoutes.message(accountId, 'INBOX', bigUid), headers });
  expect(detail.statusCode).toBe(200);
  attachmentId = detail.json<MessageDetail>().attachments.find((a) => a.filename === 'big.bin')!.id;
}, 120_000);

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

describe('downloads on connections of their own', () => {
  it('a paused .eml and a paused attachment download do not hold up the same user’s list page and flag change', async () => {
    const eml = await pausedGet(apiRoutes.raw(accountId, 'INBOX', bigUid));
    const file = await pausedGet(apiRoutes.attachment(accountId, 'INBOX', bigUid, attachmentId));
    expect([eml.res.statusCode, file.res.statusCode]).toEqual([200, 200]);
    expect(t.app.imapDownloads.activeOf(signedInUserId())).toBe(2);

    const page = await t.app.inject({ url: apiRoutes.messages(accountId, 'INBOX'), headers });
    expect(page.statusCode).toBe(200);
    const flag = await t.app.inject({
      method: 'POST',
      url: apiRoutes.actions(accountId, 'INBOX'),
      headers,
      payload: { action: 'star', uids: [smallUid] },
    });
    expect(flag.statusCode).toBe(200);
    // both answered while the two downloads were still in flight, held by their paused readers
    expect(eml.res.complete).toBe(false);
    expect(file.res.complete).toBe(false);

    // a client that leaves mid-download frees its connection
    eml.req.destroy();
    await vi.waitFor(() => expect(t.app.imapDownloads.activeOf(signedInUserId())).toBe(1), { timeout: 30_000 });
    // the other one, read to the end, is the attachment byte for byte
    const bytes = await readAll(file.res.resume());
    expect(bytes.length).toBe(FILE.length);
    expect(sha(bytes)).toBe(sha(FILE));
    await vi.waitFor(() => expect(t.app.imapDownloads.activeOf(signedInUserId())).toBe(0), { timeout: 30_000 });
  });

  it('past IMAP_DOWNLOADS_PER_USER a download answers 429 message.too_many_downloads; one ending frees a slot', async () => {
    const held = [
      await pausedGet(apiRoutes.raw(accountId, 'INBOX', bigUid)),
      await pausedGet(apiRoutes.raw(accountId, 'INBOX', bigUid)),
    ];
    expect(held.map((h) => h.res.statusCode)).toEqual([200, 200]);
    const refused = await t.app.inject({ url: apiRoutes.raw(accountId, 'INBOX', smallUid), headers });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<ErrorBody>().error.code).toBe('message.too_many_downloads');

    held[0]!.req.destroy();
    await vi.waitFor(() => expect(t.app.imapDownloads.activeOf(signedInUserId())).toBe(1), { timeout: 30_000 });
    const small = await t.app.inject({ url: apiRoutes.raw(accountId, 'INBOX', smallUid), headers });
    expect(small.statusCode).toBe(200);
    expect(small.body).toContain('Subject: small');
    held[1]!.req.destroy();
    await vi.waitFor(() => expect(t.app.imapDownloads.activeOf(signedInUserId())).toBe(0), { timeout: 30_000 });
  });
});

/** the signed-in user's id, as the download cap counts it */
function signedInUserId(): string {
  const ids = t.app.imap.userIds();
  expect(ids).toHaveLength(1);
  return ids[0]!;
}
