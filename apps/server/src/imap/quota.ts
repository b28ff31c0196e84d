import type { ImapFlow, QuotaResponse } from 'imapflow';

/** Storage use and limit in bytes. */
export interface StorageUsage {
  usedBytes: number;
  limitBytes: number;
}

/** The STORAGE resource of a GETQUOTAROOT answer; null without QUOTA, without a STORAGE limit, or with limit 0. Pure. */
export function toStorageUsage(answer: QuotaResponse | false | undefined): StorageUsage | null {
  const storage = answer ? answer.storage : undefined;
  if (!storage || typeof storage !== 'object') return null;
  const { usage, limit } = storage;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit <= 0) return null;
  const used = typeof usage === 'number' && Number.isSafeInteger(usage) && usage > 0 ? usage : 0;
  return { usedBytes: used, limitBytes: limit };
}

/**
 * The storage quota of INBOX's quota root (GETQUOTAROOT, RFC 2087/9208); null when the server offers no QUOTA
 * or sets no storage limit. Needs no selected mailbox.
 */
export async function readStorageQuota(client: ImapFlow): Promise<StorageUsage | null> {
  return toStorageUsage(await client.getQuota('INBOX'));
}
