import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ComposeDraft, MailboxList, MessageActionBody, MessageDetail, MessagePage } from '@pigeon/shared';
import { DEVICE_DB } from './offline';
import { applyToCopy, flagPatch, offlineDocument, pageOfCopy } from './device-plan';

/** A folder's newest messages as the server listed them (the rows shown offline). */
export interface FolderCopy {
  accountId: string;
  path: string;
  page: MessagePage;
  savedAt: number;
}

/** One message kept on the device: the reader's view and the frame's document under its own CSP. */
export interface MessageCopy {
  accountId: string;
  path: string;
  uid: number;
  detail: MessageDetail;
  /** the sanitized body document, null for a message without HTML */
  body: string | null;
  csp: string | null;
  bytes: number;
}

export interface FileCopy {
  accountId: string;
  path: string;
  uid: number;
  id: string;
  blob: Blob;
}

/** An action made offline, replayed in `seq` order when the connection returns. */
export interface QueuedAction {
  seq?: number;
  accountId: string;
  kind: 'action';
  path: string;
  body: MessageActionBody;
  at: number;
}

/** A message sent offline: handed to the outbox with its key when the connection returns, queued there once. */
export interface QueuedSend {
  seq?: number;
  accountId: string;
  kind: 'send';
  draft: ComposeDraft;
  /** the Idempotency-Key of its POST: a replay after a lost answer is answered with the same outbox row */
  key: string;
  at: number;
}

export type QueuedItem = QueuedAction | QueuedSend;

interface DeviceSchema extends DBSchema {
  mailboxes: { key: string; value: { accountId: string; list: MailboxList } };
  folders: { key: [string, string]; value: FolderCopy };
  messages: { key: [string, string, number]; value: MessageCopy; indexes: { folder: [string, string] } };
  files: { key: [string, string, number, string]; value: FileCopy; indexes: { message: [string, string, number] } };
  queue: { key: number; value: QueuedItem };
}

export type DeviceMail = Awaited<ReturnType<typeof openDeviceMail>>;

const STORES = ['mailboxes', 'folders', 'messages', 'files', 'queue'] as const;

/** Creates the stores (and their indexes) the database lacks; keeps what is there. */
function createMissingStores(d: IDBPDatabase<DeviceSchema>): void {
  const has = (name: (typeof STORES)[number]) => d.objectStoreNames.contains(name);
  if (!has('mailboxes')) d.createObjectStore('mailboxes', { keyPath: 'accountId' });
  if (!has('folders')) d.createObjectStore('folders', { keyPath: ['accountId', 'path'] });
  if (!has('messages'))
    d.createObjectStore('messages', { keyPath: ['accountId', 'path', 'uid'] }).createIndex('folder', [
      'accountId',
      'path',
    ]);
  if (!has('files'))
    d.createObjectStore('files', { keyPath: ['accountId', 'path', 'uid', 'id'] }).createIndex('message', [
      'accountId',
      'path',
      'uid',
    ]);
  if (!has('queue')) d.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
}

/**
 * Opens the database at whatever version it has (a new one gets its stores); one that lacks a store (an empty
 * database someone else created under this name, at any version) is upgraded once more to add the missing ones.
 * A fixed version would run no upgrade there and leave every later call failing.
 */
async function openStores(): Promise<IDBPDatabase<DeviceSchema>> {
  const open = (version?: number) =>
    openDB<DeviceSchema>(DEVICE_DB, version, {
      upgrade: (d) => createMissingStores(d),
      // another tab deletes the database (sign-out there): let it
      blocking: (_current, _blocked, event) => (event.target as IDBDatabase).close(),
    });
  let db = await open();
  if (STORES.every((name) => db.objectStoreNames.contains(name))) return db;
  const next = db.version + 1;
  db.close();
  db = await open(next);
  return db;
}

/** Opens this device's mail copy (IndexedDB through idb); every method is scoped by account. */
export async function openDeviceMail() {
  const db = await openStores();

  async function storedUids(accountId: string, path: string): Promise<number[]> {
    const keys = await db.getAllKeysFromIndex('messages', 'folder', [accountId, path]);
    return keys.map((k) => k[2]);
  }

  async function dropMessages(accountId: string, path: string, uids: readonly number[]): Promise<void> {
    if (uids.length === 0) return;
    const tx = db.transaction(['messages', 'files'], 'readwrite');
    for (const uid of uids) {
      void tx.objectStore('messages').delete([accountId, path, uid]);
      const files = await tx.objectStore('files').index('message').getAllKeys([accountId, path, uid]);
      for (const key of files) void tx.objectStore('files').delete(key);
    }
    await tx.done;
  }

  return {
    close: async () => db.close(),

    mailboxes: async (accountId: string) => (await db.get('mailboxes', accountId))?.list,
    saveMailboxes: (accountId: string, list: MailboxList) => db.put('mailboxes', { accountId, list }),

    folder: (accountId: string, path: string) => db.get('folders', [accountId, path]),
    saveFolder: (copy: FolderCopy) => db.put('folders', copy),
    /** one page of a kept folder, or undefined when the device does not keep it */
    async page(accountId: string, path: string, before: number | undefined, size: number) {
      const copy = await db.get('folders', [accountId, path]);
      return copy && pageOfCopy(copy.page, before, size);
    },

    storedUids,
    dropMessages,
    message: (accountId: string, path: string, uid: number) => db.get('messages', [accountId, path, uid]),
    saveMessage: (copy: MessageCopy) => db.put('messages', copy),
    saveFile: (copy: FileCopy) => db.put('files', copy),
    file: async (accountId: string, path: string, uid: number, id: string) =>
      (await db.get('files', [accountId, path, uid, id]))?.blob,

    /** The reader's view from the device, its flags as the folder's copy has them now. */
    async detail(accountId: string, path: string, uid: number): Promise<MessageDetail | undefined> {
      const [copy, folder] = await Promise.all([
        db.get('messages', [accountId, path, uid]),
        db.get('folders', [accountId, path]),
      ]);
      if (!copy) return undefined;
      const row = folder?.page.messages.find((m) => m.uid === uid);
      return { ...copy.detail, flags: row?.flags ?? copy.detail.flags };
    },
    /** the frame's document for an offline read: the stored body under the server's CSP */
    async document(accountId: string, path: string, uid: number): Promise<string | undefined> {
      const copy = await db.get('messages', [accountId, path, uid]);
      return copy?.body && copy.csp ? offlineDocument(copy.body, copy.csp) : undefined;
    },

    /** Bytes kept for an account (messages and their files). */
    async usage(accountId: string): Promise<number> {
      let bytes = 0;
      let cursor = await db.transaction('messages').store.openCursor();
      while (cursor) {
        if (cursor.value.accountId === accountId) bytes += cursor.value.bytes;
        cursor = await cursor.continue();
      }
      return bytes;
    },

    /** An action made offline: the device's copy shows it at once, and it waits in the queue. */
    async enqueue(accountId: string, path: string, body: MessageActionBody): Promise<void> {
      const tx = db.transaction(['queue', 'folders', 'messages'], 'readwrite');
      void tx.objectStore('queue').add({ accountId, kind: 'action', path, body, at: Date.now() });
      const folder = await tx.objectStore('folders').get([accountId, path]);
      if (folder) void tx.objectStore('folders').put({ ...folder, page: applyToCopy(folder.page, body) });
      const patch = flagPatch(body.action);
      for (const uid of body.uids) {
        const copy = await tx.objectStore('messages').get([accountId, path, uid]);
        if (!copy) continue;
        if (patch)
          void tx
            .objectStore('messages')
            .put({ ...copy, detail: { ...copy.detail, flags: { ...copy.detail.flags, ...patch } } });
        else void tx.objectStore('messages').delete([accountId, path, uid]);
      }
      await tx.done;
    },
    /** A message sent offline waits here; its key is made now, so every replay of it carries the same one. */
    async enqueueSend(accountId: string, draft: ComposeDraft): Promise<void> {
      await db.add('queue', { accountId, kind: 'send', draft, key: crypto.randomUUID(), at: Date.now() });
    },
    queued: async (accountId: string) =>
      (await db.getAll('queue')).filter((q) => q.accountId === accountId).sort((a, b) => a.seq! - b.seq!),
    queueSize: () => db.count('queue'),
    dequeue: (seq: number) => db.delete('queue', seq),
  };
}
