import { Type, type Static } from '@sinclair/typebox';

/** GET /api/push: whether this server sends web push, its VAPID public key, and this device's choice. */
export const PushState = Type.Object({
  /** false when the server has push turned off (WEB_PUSH_ENABLED=false) */
  available: Type.Boolean(),
  /** the VAPID public key (base64url) for `pushManager.subscribe`; null when not available */
  publicKey: Type.Union([Type.String(), Type.Null()]),
  /** this device (session) has a subscription */
  subscribed: Type.Boolean(),
  /** this device's notifications name sender and subject */
  showContent: Type.Boolean(),
});
export type PushState = Static<typeof PushState>;

export const PUSH_LOCALES = ['en', 'ko'] as const;
export type PushLocale = (typeof PUSH_LOCALES)[number];

/** PUT /api/push/subscription: this device's browser subscription (`PushSubscription.toJSON()`) and its choices. */
export const PushSubscribe = Type.Object({
  endpoint: Type.String({ minLength: 12, maxLength: 2048 }),
  // base64url, as browsers give them (the key is 65 bytes, the secret 16)
  keys: Type.Object({
    p256dh: Type.String({ minLength: 80, maxLength: 100, pattern: '^[A-Za-z0-9_-]+=*$' }),
    auth: Type.String({ minLength: 16, maxLength: 32, pattern: '^[A-Za-z0-9_-]+=*$' }),
  }),
  showContent: Type.Boolean(),
  locale: Type.Union([Type.Literal('en'), Type.Literal('ko')]),
});
export type PushSubscribe = Static<typeof PushSubscribe>;

/**
 * What a push message carries (encrypted per RFC 8291, read by the service worker): never the message's content
 * unless the device chose it (`from`, `subject`). `uid` is the newest new message, opened by a click.
 */
export interface PushNotice {
  kind: 'mail.new';
  accountId: string;
  path: string;
  uid: number;
  /** new messages in this event */
  count: number;
  locale: PushLocale;
  from?: string;
  subject?: string;
}
