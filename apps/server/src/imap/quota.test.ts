import { describe, expect, it } from 'vitest';
import { toStorageUsage } from './quota.ts';

describe('toStorageUsage', () => {
  it('takes the STORAGE resource in bytes', () => {
    expect(toStorageUsage({ path: 'INBOX', storage: { usage: 2048, limit: 204800, status: '1%' } })).toEqual({
      usedBytes: 2048,
      limitBytes: 204800,
    });
  });

  it('is null without QUOTA, without a STORAGE resource, or with no limit', () => {
    expect(toStorageUsage(false)).toBeNull();
    expect(toStorageUsage(undefined)).toBeNull();
    expect(toStorageUsage({ path: 'INBOX', quotaRoot: 'User quota' })).toBeNull();
    expect(toStorageUsage({ path: 'INBOX', message: { usage: 3, limit: 10 } })).toBeNull();
    expect(toStorageUsage({ path: 'INBOX', storage: { usage: 10, limit: 0 } })).toBeNull();
    expect(toStorageUsage({ path: 'INBOX', storage: { usage: 10 } })).toBeNull();
  });

  it('reads a missing or unusable usage as 0 and refuses an unusable limit', () => {
    expect(toStorageUsage({ path: 'INBOX', storage: { limit: 1024 } })).toEqual({ usedBytes: 0, limitBytes: 1024 });
    expect(toStorageUsage({ path: 'INBOX', storage: { usage: -5, limit: 1024 } })).toEqual({
      usedBytes: 0,
      limitBytes: 1024,
    });
    expect(toStorageUsage({ path: 'INBOX', storage: { usage: 1, limit: Number.POSITIVE_INFINITY } })).toBeNull();
  });
});
