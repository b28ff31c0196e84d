import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createPrivateFileOnce, readIfExists } from './private-file.ts';

export const SERVER_SECRET_FILE = 'session-secret';

/**
 * The server half of every session key: SESSION_SECRET if set, else 32 random bytes created once in
 * `<dataDir>/session-secret` (0600) and reused, so a restart signs nobody out.
 */
export async function loadServerSecret(opts: { sessionSecret: string | null; dataDir: string }): Promise<Buffer> {
  if (opts.sessionSecret) return Buffer.from(opts.sessionSecret, 'utf8');
  const file = path.join(opts.dataDir, SERVER_SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing) return existing;
  await createPrivateFileOnce(file, () => `${randomBytes(32).toString('base64url')}\n`);
  const created = await readSecretFile(file);
  if (!created) throw new Error(`${file}: could not create the session secret`);
  return created;
}

async function readSecretFile(file: string): Promise<Buffer | null> {
  const text = await readIfExists(file);
  if (text === null) return null;
  const secret = Buffer.from(text.trim(), 'base64url');
  if (secret.length < 32)
    throw new Error(
      `${file}: expected 32 base64url-encoded random bytes; delete the file to make a new one (this signs everybody out)`,
    );
  return secret;
}
