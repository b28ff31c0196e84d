import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import type { MessagePage } from '@pigeon/shared';
import { DEVICE_DB } from './offline';
import { openDeviceMail } from './device-mail';

const page: MessagePage = { messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null };

async function deleteDevice(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DEVICE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error as Error);
  });
}

/** Keeps a folder and reads it back: fails when a store is missing. */
async function keepsAFolder(): Promise<unknown> {
  const device = await openDeviceMail();
  try {
    await device.saveFolder({ accountId: 'a1', path: 'INBOX', page, savedAt: 1 });
    return (await device.folder('a1', 'INBOX'))?.page;
  } finally {
    await device.close();
  }
}

describe('device mail database', () => {
  afterEach(deleteDevice);

  it('creates its stores in a new database and keeps what it saved when opened again', async () => {
    expect(await keepsAFolder()).toEqual(page);
    const again = await openDeviceMail();
    expect((await again.folder('a1', 'INBOX'))?.savedAt).toBe(1);
    await again.close();
  });

  it.each([1, 3])('adds its stores to an empty database someone else created at version %i', async (version) => {
    (await openDB(DEVICE_DB, version)).close();
    expect(await keepsAFolder()).toEqual(page);
    const db = await openDB(DEVICE_DB);
    expect([...db.objectStoreNames].sort()).toEqual(['files', 'folders', 'mailboxes', 'messages', 'queue']);
    expect(db.version).toBe(version + 1);
    db.close();
  });
});
