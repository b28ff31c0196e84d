import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as ece from 'http_ece';
import { createUser, deliver, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type AccountList, type PushNotice, type PushState } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen } from '../../../test/realtime-helpers.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 30_000, interval: 25 });

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A push service on 127.0.0.1 (TLS with the mail fixture's certificate): records every POST and answers with
 * `status` (201 = accepted, as real push services do).
 */
async function localPushService() {
  const received: Received[] = [];
  let status = 201;
  const tls = path.join(mailFixture.dir, 'tls');
  const server = https.createServer(
    { key: readFileSync(path.join(tls, 'server.key')), cert: readFileSync(path.join(tls, 'server.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(status).end();
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (code: number) => (status = code),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browserKeys(): { ecdh: ECDH; p256dh: string; auth: string; secret: Buffer } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const secret = randomBytes(16);
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: secret.toString('base64url'), secret };
}

describe('web push: new mail reaches a subscribed device while no Pigeon tab is open', () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof localPushService>>;
  let user: MailUser;
  let device: SignedIn;
  const keys = browserKeys();

  beforeAll(async () => {
    service = await localPushService();
    t = await buildTestApp({
      webPush: {
        enabled: true,
        vapidPublicKey: null,
        vapidPrivateKey: null,
        subject: 'mailto:postmaster@school.test',
        services: ['127.0.0.1'],
        caFile: mailFixture.caPath,
      },
    });
    user = await createUser('push');
    device = await signIn(t.app, user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
    await service?.close();
  });

  const state = async (who: SignedIn) => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.push, headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json<PushState>();
  };
  // the account's watcher has its Inbox baseline: mail delivered from now on is new mail
  const watcherLive = async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.accounts, headers: device.headers });
    const accountId = res.json<AccountList>().accounts[0]!.id;
    await until(() => expect(t.app.live.running(accountId)?.state).toBe('live'));
  };
  const subscribe = (who: SignedIn, endpoint: string, showContent: boolean) =>
    t.app.inject({
      method: 'PUT',
      url: apiRoutes.pushSubscription,
      headers: who.headers,
      payload: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, showContent, locale: 'ko' },
    });

  it('refuses an endpoint that is not on a push service host, or not https', async () => {
    for (const endpoint of ['https://10.0.0.1/push/x', 'http://127.0.0.1:9/push/x', 'https://u:p@127.0.0.1/x']) {
      const res = await subscribe(device, endpoint, false);
      expect(res.statusCode, endpoint).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('push.endpoint_refused');
    }
    expect((await state(device)).subscribed).toBe(false);
  });

  it('sends an RFC 8291 payload that only the subscription keys open, without content unless chosen', async () => {
    const before = await state(device);
    expect(before).toMatchObject({ available: true, subscribed: false, showContent: false });
    expect(Buffer.from(before.publicKey!, 'base64url')).toHaveLength(65);
    expect((await subscribe(device, `${service.url}/push/device-1`, false)).statusCode).toBe(200);

    await watcherLive();
    await deliver({ to: user.email, subject: 'Quiet notice', from: 'Ada Teacher <ada@school.test>' });
    await until(() => expect(service.received).toHaveLength(1));
    const [push] = service.received;
    expect(push!.path).toBe('/push/device-1');
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    // VAPID (RFC 8292): signed with the key GET /api/push hands to the browser
    expect(push!.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${before.publicKey}$`),
    );
    expect(push!.body.toString('utf8')).not.toContain('Quiet notice');
    const notice = JSON.parse(
      ece.decrypt(push!.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.secret }).toString(),
    ) as PushNotice;
    expect(notice).toMatchObject({ kind: 'mail.new', path: 'INBOX', count: 1, locale: 'ko' });
    expect(notice.uid).toBeGreaterThan(0);
    expect(notice).not.toHaveProperty('subject');
    expect(notice).not.toHaveProperty('from');
  });

  it('names sender and subject when the device chose it, and sends nothing while a device has Pigeon open', async () => {
    expect((await subscribe(device, `${service.url}/push/device-1`, true)).statusCode).toBe(200);
    expect((await state(device)).showContent).toBe(true);

    // a tab is open: the page shows the mail itself, no push
    const url = await listen(t.app);
    const socket = await connectSocket(url, device.cookie);
    await until(() => expect(socket.of('account.stateChanged').some((s) => s.state === 'live')).toBe(true));
    await deliver({ to: user.email, subject: 'Seen in the tab' });
    await until(() => expect(socket.of('message.added').length).toBeGreaterThan(0));
    socket.close();
    // the tab closed: the next message is pushed, and it is the first push since the quiet one
    await until(async () => expect(await t.app.io.fetchSockets()).toHaveLength(0));
    await deliver({ to: user.email, subject: 'Pushed with its subject', from: 'Ada Teacher <ada@school.test>' });
    await until(() => expect(service.received).toHaveLength(2));
    const notice = JSON.parse(
      ece
        .decrypt(service.received[1]!.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.secret })
        .toString(),
    ) as PushNotice;
    expect(notice).toMatchObject({ subject: 'Pushed with its subject', from: 'Ada Teacher', count: 1 });
  });

  it('a push service answering 410 or 404 removes the subscription', async () => {
    service.answer(410);
    await deliver({ to: user.email, subject: 'Gone device' });
    await until(() => expect(service.received).toHaveLength(3));
    await until(async () => expect((await state(device)).subscribed).toBe(false));

    expect((await subscribe(device, `${service.url}/push/device-1b`, false)).statusCode).toBe(200);
    service.answer(404);
    await deliver({ to: user.email, subject: 'Unknown device' });
    await until(() => expect(service.received).toHaveLength(4));
    expect(service.received[3]!.path).toBe('/push/device-1b');
    await until(async () => expect((await state(device)).subscribed).toBe(false));
  });

  it('signing out removes the subscription with the session', async () => {
    service.answer(201);
    const other = await signIn(t.app, user.email, user.password);
    expect((await subscribe(other, `${service.url}/push/device-2`, false)).statusCode).toBe(200);
    expect((await state(other)).subscribed).toBe(true);
    const out = await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: other.headers });
    expect(out.statusCode).toBeLessThan(300);
    const rows = await t.db.prisma.pushSubscription.count({ where: { endpoint: `${service.url}/push/device-2` } });
    expect(rows).toBe(0);
  });
});
