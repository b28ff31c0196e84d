import path from 'node:path';
import webpush from 'web-push';
import { createPrivateFileOnce, readIfExists } from '../../core/crypto/private-file.ts';

export const VAPID_FILE = 'vapid.json';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const isKeys = (v: unknown): v is VapidKeys =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as VapidKeys).publicKey === 'string' &&
  typeof (v as VapidKeys).privateKey === 'string' &&
  Buffer.from((v as VapidKeys).publicKey, 'base64url').length === 65 &&
  Buffer.from((v as VapidKeys).privateKey, 'base64url').length === 32;

/**
 * The server's VAPID key pair (decision 027): the configured one, else a pair generated once into
 * `<dataDir>/vapid.json` (0600) and reused, so a restart keeps every device's subscription.
 */
export async function loadVapidKeys(opts: { configured: VapidKeys | null; dataDir: string }): Promise<VapidKeys> {
  if (opts.configured) return opts.configured;
  const file = path.join(opts.dataDir, VAPID_FILE);
  const existing = await readKeys(file);
  if (existing) return existing;
  await createPrivateFileOnce(file, () => `${JSON.stringify(webpush.generateVAPIDKeys())}\n`);
  const created = await readKeys(file);
  if (!created) throw new Error(`${file}: could not create the VAPID keys`);
  return created;
}

async function readKeys(file: string): Promise<VapidKeys | null> {
  const text = await readIfExists(file);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!isKeys(parsed))
    throw new Error(`${file}: not a VAPID key pair; delete it to make a new one (every device then subscribes again)`);
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}
