/** This browser's side of web push: notification permission and the push manager's subscription. */
export interface PushDevice {
  supported(): boolean;
  permission(): NotificationPermission;
  /** asks the user; only ever called from a click */
  requestPermission(): Promise<NotificationPermission>;
  /** a subscription for the server's key (an existing one for another key is replaced) */
  subscribe(publicKey: string): Promise<PushSubscriptionJSON>;
  unsubscribe(): Promise<void>;
}

/** base64url (the server's VAPID public key) to the bytes `pushManager.subscribe` takes */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(b64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((x, i) => x === b[i]);
}

export const browserPushDevice: PushDevice = {
  supported: () =>
    'serviceWorker' in navigator && typeof PushManager === 'function' && typeof Notification === 'function',
  permission: () => Notification.permission,
  requestPermission: () => Notification.requestPermission(),
  async subscribe(publicKey) {
    const registration = await navigator.serviceWorker.ready;
    const key = keyBytes(publicKey);
    const existing = await registration.pushManager.getSubscription();
    if (existing && sameBytes(existing.options.applicationServerKey, key)) return existing.toJSON();
    await existing?.unsubscribe();
    // every push shows a notification (userVisibleOnly): browsers allow no other kind
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    return subscription.toJSON();
  },
  async unsubscribe() {
    const registration = await navigator.serviceWorker.getRegistration();
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
  },
};
