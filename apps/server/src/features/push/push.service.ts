import type { MessageAddedEvent, PushState, PushSubscribe } from '@pigeon/shared';
import { endpointRefused, pushUnavailable } from './push.errors.ts';
import { endpointRefusal } from './push-endpoint.ts';
import { buildNotice } from './push-notice.ts';
import type { PushSend } from './push-sender.ts';
import type { PushRepository } from './push.repository.ts';

/** Web push as the server runs it (decision 027); `publicKey` null = turned off. */
export interface Push {
  repo: PushRepository;
  send: PushSend;
  publicKey: string | null;
  /** WEB_PUSH_SERVICES */
  services: readonly string[];
}

interface Device {
  push: Push;
  userId: string;
  sessionId: string;
}

export async function pushState({ push, userId, sessionId }: Device): Promise<PushState> {
  const target = push.publicKey ? await push.repo.get(userId, sessionId) : null;
  return {
    available: push.publicKey !== null,
    publicKey: push.publicKey,
    subscribed: target !== null,
    showContent: target?.showContent ?? false,
  };
}

/** Subscribes this device (or changes its choices); the endpoint must be a push service's (WEB_PUSH_SERVICES). */
export async function subscribe(device: Device, body: PushSubscribe): Promise<PushState> {
  const { push, userId, sessionId } = device;
  if (!push.publicKey) throw pushUnavailable();
  if (endpointRefusal(body.endpoint, push.services) !== null) throw endpointRefused();
  await push.repo.put(userId, {
    sessionId,
    endpoint: body.endpoint,
    p256dh: body.keys.p256dh,
    auth: body.keys.auth,
    showContent: body.showContent,
    locale: body.locale,
  });
  return pushState(device);
}

export async function unsubscribe(device: Device): Promise<PushState> {
  await device.push.repo.remove(device.userId, device.sessionId);
  return pushState(device);
}

/**
 * New mail reached the user's Inbox while none of their devices has Pigeon open: tell every subscribed device.
 * A subscription the push service calls gone (404/410) is removed. Returns what happened, per outcome.
 */
export async function notifyNewMail(opts: {
  push: Push;
  userId: string;
  event: MessageAddedEvent;
  now: Date;
}): Promise<{ sent: number; gone: number; failed: number }> {
  const { push, userId, event } = opts;
  const counts = { sent: 0, gone: 0, failed: 0 };
  if (!push.publicKey) return counts;
  const targets = await push.repo.ofUser(userId, opts.now);
  await Promise.all(
    targets.map(async (target) => {
      const notice = buildNotice({ ...event, showContent: target.showContent, locale: target.locale });
      if (!notice) return;
      const outcome = await push.send(target, notice);
      counts[outcome] += 1;
      if (outcome === 'gone') await push.repo.removeGone(target.sessionId, target.endpoint);
    }),
  );
  return counts;
}
