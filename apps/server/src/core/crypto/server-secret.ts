import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, link, unlink } from 'node:fs/promises';
import path from 'node:path';

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
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  // write a private temp file, then link() it into place: atomic, and a concurrent start keeps the first one
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
  const created = await readSecretFile(file);
  if (!created) throw new Error(`${file}: could not create the session secret`);
  return created;
}

async function readSecretFile(file: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const secret = Buffer.from(text.trim(), 'base64url');
  if (secret.length < 32)
    throw new Error(
      `${file}: expected 32 base64url-encoded random bytes; delete the file to make a new one (this signs everybody out)`,
    );
  return secret;
}
