import { ref } from 'vue';
import type { ComposeDraft, MessageActionBody, SessionInfo } from '@pigeon/shared';
import { idleTurn } from '../../ui/idle';
import { userRequestsSettled } from '../../api/http';
import type { DeviceMail } from './device-mail';

// The app core's few lines of offline reading (decision 031). The IndexedDB copy itself (`device-mail.ts`,
// with idb) and its sync loop are a chunk of their own, loaded after the first rows or when a request finds no
// network: a first visit pays for none of it.

/** The IndexedDB database holding this device's copy of recent mail (deleted at sign-out). */
export const DEVICE_DB = 'pigeon-device-mail';
const SHARED_KEY = 'pigeon.sharedComputer';
const SESSION_KEY = 'pigeon.deviceSession';
const OPENED_KEY = 'pigeon.foldersOpened';
const LIMIT_KEY = 'pigeon.deviceLimitMb';
/** The device keeps this much mail unless the user chose another size (settings → devices). */
export const DEFAULT_DEVICE_LIMIT_MB = 100;
export const DEVICE_LIMIT_RANGE_MB = { min: 10, max: 2000 } as const;

/** The device has no connection (the browser says so, or the last request found no network). */
export const offline = ref(typeof navigator !== 'undefined' && navigator.onLine === false);
/** actions and messages made offline that wait on this device for the connection */
export const queuedCount = ref(0);

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** False on a "shared computer" (chosen at sign-in) and where the browser has no IndexedDB. */
export function deviceStorageOn(): boolean {
  return typeof indexedDB !== 'undefined' && storage()?.getItem(SHARED_KEY) !== '1';
}

/** A shared computer keeps no mail on the device: what is there goes now. */
export async function setSharedComputer(shared: boolean): Promise<void> {
  if (shared) {
    storage()?.setItem(SHARED_KEY, '1');
    await wipeDevice();
  } else storage()?.removeItem(SHARED_KEY);
}

export const isSharedComputer = (): boolean => storage()?.getItem(SHARED_KEY) === '1';

/** The signed-in user without the CSRF token: what an offline start shows (nothing secret). */
export function rememberSession(session: SessionInfo): void {
  if (!deviceStorageOn()) return;
  storage()?.setItem(
    SESSION_KEY,
    JSON.stringify({ email: session.email, accountId: session.accountId, protocol: session.protocol }),
  );
}

export function rememberedSession(): SessionInfo | null {
  if (!deviceStorageOn()) return null;
  try {
    const value = JSON.parse(storage()?.getItem(SESSION_KEY) ?? 'null') as {
      email?: unknown;
      accountId?: unknown;
      protocol?: unknown;
    };
    if (typeof value?.email !== 'string' || typeof value.accountId !== 'string') return null;
    const protocol = value.protocol === 'pop3' ? 'pop3' : 'imap';
    return { email: value.email, accountId: value.accountId, protocol, csrfToken: '' };
  } catch {
    return null;
  }
}

/** When each folder was last opened, so the device keeps the folders of the last week. */
export function foldersOpened(): Record<string, number> {
  try {
    const value = JSON.parse(storage()?.getItem(OPENED_KEY) ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function noteFolderOpened(path: string, now = Date.now()): void {
  if (!deviceStorageOn()) return;
  storage()?.setItem(OPENED_KEY, JSON.stringify({ ...foldersOpened(), [path]: now }));
}

/** The most bytes of mail this device keeps (the user's choice, within the range). */
export function deviceLimitMb(): number {
  const chosen = Number(storage()?.getItem(LIMIT_KEY));
  const { min, max } = DEVICE_LIMIT_RANGE_MB;
  return Number.isInteger(chosen) && chosen >= min && chosen <= max ? chosen : DEFAULT_DEVICE_LIMIT_MB;
}

export function setDeviceLimitMb(mb: number): void {
  storage()?.setItem(LIMIT_KEY, String(Math.round(mb)));
}

let loading: Promise<DeviceMail | null> | null = null;

/** The device's mail copy (its chunk loaded on first use); null when device storage is off. */
export function deviceMail(): Promise<DeviceMail | null> {
  if (!deviceStorageOn()) return Promise.resolve(null);
  loading ??= import('./device-mail')
    .then((m) => m.openDeviceMail())
    .catch(() => {
      loading = null;
      return null;
    });
  return loading;
}

/** Sign-out (or a shared computer): every copy of mail, the queue and the remembered user leave the device. */
export async function wipeDevice(): Promise<void> {
  const running = loading;
  loading = null;
  await (await running?.catch(() => null))?.close();
  for (const key of [SESSION_KEY, OPENED_KEY]) storage()?.removeItem(key);
  queuedCount.value = 0;
  if (typeof indexedDB === 'undefined') return;
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(DEVICE_DB);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

const isNetworkError = (error: unknown): boolean => (error as { code?: string } | null)?.code === 'network.offline';

/**
 * Runs a request; when it finds no network, answers from the device's copy instead (`read` returns
 * undefined when the device does not hold it: the network error stands).
 */
export async function orFromDevice<T>(
  run: () => Promise<T>,
  read: (d: DeviceMail) => Promise<T | undefined>,
): Promise<T> {
  try {
    const answer = await run();
    offline.value = false;
    return answer;
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    offline.value = true;
    const device = await deviceMail();
    if (device) queuedCount.value = await device.queueSize().catch(() => queuedCount.value);
    const copy = device ? await read(device).catch(() => undefined) : undefined;
    if (copy === undefined) throw error;
    return copy;
  }
}

/** Whether a failed write should wait on the device for the connection. */
export const queueable = (error: unknown): boolean => isNetworkError(error) && deviceStorageOn();

/** The outcome of sending what waited on the device: how many actions went, how many the server refused. */
export interface Replayed {
  done: number;
  refused: number;
  /** messages handed to the outbox */
  sent: number;
}

let refreshing: Promise<Replayed | null> | null = null;

/**
 * With a connection: first the actions made offline, in order, then the device's copy brought up to date. One
 * run at a time in this tab, and one across tabs (Web Locks): the queue is never sent twice.
 */
export function refreshDevice(accountId: string): Promise<Replayed | null> {
  if (!accountId || !deviceStorageOn()) return Promise.resolve(null);
  refreshing ??= (async () => {
    const device = await deviceMail();
    if (!device) return null;
    const { replayQueue, syncDevice } = await import('./device-sync');
    const run = async (): Promise<Replayed | null> => {
      const replayed = await replayQueue(device, accountId);
      queuedCount.value = await device.queueSize();
      offline.value = false;
      const stop = () => loading === null || offline.value;
      const limitBytes = deviceLimitMb() * 1024 * 1024;
      // the copy's next request waits for the page to be idle, then for the user's own requests (decision 031):
      // checked last, right before it is sent
      const idle = async () => {
        await idleTurn({ timeoutMs: 2000, fallbackMs: 0 });
        await userRequestsSettled();
      };
      await syncDevice({ device, accountId, opened: foldersOpened(), limitBytes, stop, idle }).catch(
        (error: unknown) => {
          if (isNetworkError(error)) offline.value = true; // the copy stays as it was; the next run goes on
        },
      );
      return replayed;
    };
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return run();
    return locks.request('pigeon-device-mail', { ifAvailable: true }, (lock) => (lock ? run() : null));
  })()
    .catch((error: unknown) => {
      if (isNetworkError(error)) offline.value = true;
      return null;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

/** Keeps a message sent offline on the device until the outbox takes it; false when the device keeps nothing. */
export async function queueSend(accountId: string, draft: ComposeDraft): Promise<boolean> {
  const device = await deviceMail();
  if (!device) return false;
  await device.enqueueSend(accountId, draft);
  queuedCount.value = await device.queueSize();
  return true;
}

/** Keeps an action made offline on the device (its copy shows it at once); false when the device keeps nothing. */
export async function queueAction(accountId: string, path: string, body: MessageActionBody): Promise<boolean> {
  const device = await deviceMail();
  if (!device) return false;
  await device.enqueue(accountId, path, body);
  queuedCount.value = await device.queueSize();
  return true;
}

/**
 * Offline, an attachment the device kept is saved from there: as a download (never opened in a page of the app's
 * origin, whatever its type). False when the device does not hold it.
 */
export async function saveKeptAttachment(
  accountId: string,
  path: string,
  uid: number,
  id: string,
  filename: string,
): Promise<boolean> {
  const blob = await (await deviceMail())?.file(accountId, path, uid, id).catch(() => undefined);
  if (!blob) return false;
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename || 'attachment' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
