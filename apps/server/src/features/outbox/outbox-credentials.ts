import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { MailAccount } from '../../core/auth.types.ts';

const INFO = 'pigeon/outbox-account/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

// one key per queued message: HKDF over the server secret, salted with the message's outbox id
function key(serverSecret: Buffer, outboxId: string): Buffer {
  if (serverSecret.length < 32) throw new Error('server secret must be at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', serverSecret, Buffer.from(outboxId, 'utf8'), INFO, 32));
}

/**
 * Seals the account (login, password, servers) a queued message is sent with, so the worker can deliver after
 * a restart without the user's cookie. Invariant: the key needs the server secret, which is never in the database.
 */
export function sealAccount(account: MailAccount, serverSecret: Buffer, outboxId: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(serverSecret, outboxId), iv);
  cipher.setAAD(Buffer.from(outboxId, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(account), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/**
 * Opens what sealAccount made for this outbox id; throws on another id, another secret or tampering. Rows sealed
 * before accounts existed (decision 018) name the IMAP server `imap` and carry no id: `accountId` fills it in.
 */
export function openAccount(
  sealed: Uint8Array,
  serverSecret: Buffer,
  outboxId: string,
  accountId: string | null = null,
): MailAccount {
  const buf = Buffer.from(sealed);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('sealed account too short');
  const decipher = createDecipheriv('aes-256-gcm', key(serverSecret, outboxId), buf.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(outboxId, 'utf8'));
  decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const json = Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  const parsed = JSON.parse(json) as Partial<MailAccount> & { imap?: MailAccount['incoming'] };
  const { imap, ...rest } = parsed;
  return {
    ...rest,
    id: parsed.id ?? accountId ?? `outbox-${outboxId}`,
    protocol: parsed.protocol ?? 'imap',
    incoming: (parsed.incoming ?? imap)!,
  } as MailAccount;
}
