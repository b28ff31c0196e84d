import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as ece from 'http_ece';
import { mailFixture } from '@pigeon/mail-fixture';

/** A push service on 127.0.0.1 (TLS with the mail fixture's certificate) that records every POST and accepts it. */
export async function localPushService() {
  const received: Buffer[] = [];
  const tls = path.join(mailFixture.dir, 'tls');
  const server = https.createServer(
    { key: readFileSync(path.join(tls, 'server.key')), cert: readFileSync(path.join(tls, 'server.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        res.writeHead(201).end();
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's side of a subscription: its P-256 key pair and auth secret, and what opens the payloads. */
export function subscriptionKeys() {
  const ecdh: ECDH = createECDH('prime256v1');
  ecdh.generateKeys();
  const secret = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: secret.toString('base64url'),
    /** an RFC 8291 body as the browser would decrypt it */
    open: (body: Buffer) =>
      ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: secret }).toString('utf8'),
  };
}
