import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { readFileSync } from 'node:fs';
import webpush from 'web-push';
import type { PushNotice } from '@pigeon/shared';
import type { VapidKeys } from './push-keys.ts';
import type { PushTarget } from './push.repository.ts';

/** What the push service answered: delivered, gone for good (404/410: drop the subscription) or failed. */
export type PushOutcome = 'sent' | 'gone' | 'failed';

export type PushSend = (target: PushTarget, notice: PushNotice) => Promise<PushOutcome>;

/** How long a push service keeps a notice for an offline device: new mail a day later is still news. */
const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

/**
 * Sends one notice with the `web-push` library: VAPID-signed, the payload encrypted per RFC 8291 (aes128gcm)
 * with the device's keys, so the push service cannot read it. `caFile`: an extra CA for the endpoint (tests).
 */
export function createPushSender(opts: { keys: VapidKeys; subject: string; caFile: string | null }): PushSend {
  const agent = opts.caFile
    ? // the system's roots stay trusted beside it: an agent's `ca` replaces them otherwise
      new https.Agent({ ca: [...rootCertificates, readFileSync(opts.caFile, 'utf8')] })
    : undefined;
  return async (target, notice) => {
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(notice),
        {
          vapidDetails: { subject: opts.subject, publicKey: opts.keys.publicKey, privateKey: opts.keys.privateKey },
          contentEncoding: 'aes128gcm',
          TTL: TTL_SECONDS,
          urgency: 'normal',
          // one notice per account replaces the previous one the device has not fetched yet
          topic: `mail-${notice.accountId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 27)}`,
          timeout: TIMEOUT_MS,
          agent,
        },
      );
      return 'sent';
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      return status === 404 || status === 410 ? 'gone' : 'failed';
    }
  };
}
