// Desktop notifications for new INBOX mail: a per-browser choice (the permission is per browser too).
import { ref } from 'vue';
import type { MessageSummary } from '@pigeon/shared';

const KEY = 'pigeon.notifications';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const supported = () => typeof globalThis.Notification === 'function';

/** On only when the user turned it on here and the browser allows it. */
export const notificationsEnabled = ref(
  storage()?.getItem(KEY) === 'on' && supported() && Notification.permission === 'granted',
);

/** Turns notifications on (asking the browser) or off; resolves with the resulting state. */
export async function setNotifications(on: boolean): Promise<boolean> {
  if (on && supported()) {
    const permission =
      Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    on = permission === 'granted';
  } else on = false;
  storage()?.setItem(KEY, on ? 'on' : 'off');
  notificationsEnabled.value = on;
  return on;
}

export const notificationsBlocked = () => supported() && Notification.permission === 'denied';

/** One notification per new unread message, only while the page is not in front. */
export function notifyNewMail(messages: MessageSummary[], open: (uid: number) => void): void {
  if (!notificationsEnabled.value || !supported() || (document.visibilityState === 'visible' && document.hasFocus()))
    return;
  for (const m of messages.filter((x) => !x.flags.seen).slice(0, 3)) {
    const n = new Notification(m.from?.name || m.from?.address || 'Pigeon', { body: m.subject, tag: `inbox-${m.uid}` });
    n.onclick = () => {
      window.focus();
      open(m.uid);
      n.close();
    };
  }
}
