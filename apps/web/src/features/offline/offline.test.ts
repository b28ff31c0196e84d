// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_DEVICE_LIMIT_MB,
  deviceLimitMb,
  deviceStorageOn,
  foldersOpened,
  noteFolderOpened,
  rememberSession,
  rememberedSession,
  setDeviceLimitMb,
  setSharedComputer,
} from './offline';

/** happy-dom has no IndexedDB: a database whose deletion succeeds at once, and records that it was asked */
const deleted: string[] = [];
vi.stubGlobal('indexedDB', {
  deleteDatabase(name: string) {
    deleted.push(name);
    const request: { onsuccess?: () => void } = {};
    queueMicrotask(() => request.onsuccess?.());
    return request;
  },
});

describe('device settings', () => {
  beforeEach(() => {
    localStorage.clear();
    deleted.length = 0;
  });

  it('keeps the default size unless a size within the range was chosen', () => {
    expect(deviceLimitMb()).toBe(DEFAULT_DEVICE_LIMIT_MB);
    setDeviceLimitMb(500);
    expect(deviceLimitMb()).toBe(500);
    localStorage.setItem('pigeon.deviceLimitMb', '5');
    expect(deviceLimitMb()).toBe(DEFAULT_DEVICE_LIMIT_MB);
    localStorage.setItem('pigeon.deviceLimitMb', 'lots');
    expect(deviceLimitMb()).toBe(DEFAULT_DEVICE_LIMIT_MB);
  });

  it('remembers the user without the CSRF token, and nothing unreadable', () => {
    rememberSession({ email: 'a@school.test', accountId: 'acc', protocol: 'pop3', csrfToken: 'secret' });
    expect(localStorage.getItem('pigeon.deviceSession')).not.toContain('secret');
    expect(rememberedSession()).toEqual({ email: 'a@school.test', accountId: 'acc', protocol: 'pop3', csrfToken: '' });
    localStorage.setItem('pigeon.deviceSession', '{"email":1}');
    expect(rememberedSession()).toBeNull();
    localStorage.setItem('pigeon.deviceSession', '{not json');
    expect(rememberedSession()).toBeNull();
  });

  it('a shared computer keeps nothing: no user, no folders, no storage', async () => {
    rememberSession({ email: 'a@school.test', accountId: 'acc', protocol: 'imap', csrfToken: '' });
    noteFolderOpened('Work', 5);
    await setSharedComputer(true);
    expect(deleted).toEqual(['pigeon-device-mail']);
    expect(deviceStorageOn()).toBe(false);
    expect(rememberedSession()).toBeNull();
    expect(foldersOpened()).toEqual({});
    noteFolderOpened('Work', 6);
    expect(foldersOpened()).toEqual({});
    await setSharedComputer(false);
    noteFolderOpened('Work', 7);
    expect(foldersOpened()).toEqual({ Work: 7 });
  });
});
