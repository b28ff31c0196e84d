import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerSecret, SERVER_SECRET_FILE } from './server-secret.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pigeon-secret-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadServerSecret', () => {
  it('uses SESSION_SECRET when set and writes nothing', async () => {
    const secret = await loadServerSecret({ sessionSecret: 'x'.repeat(40), dataDir: dir });
    expect(secret.toString('utf8')).toBe('x'.repeat(40));
    await expect(stat(path.join(dir, SERVER_SECRET_FILE))).rejects.toThrow();
  });

  it('generates 32 bytes once into a 0600 file and reuses them', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const first = await loadServerSecret({ sessionSecret: null, dataDir });
    expect(first).toHaveLength(32);
    const file = path.join(dataDir, SERVER_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url').equals(first)).toBe(true);
    const second = await loadServerSecret({ sessionSecret: null, dataDir });
    expect(second.equals(first)).toBe(true);
  });

  it('agrees when several starts race', async () => {
    const all = await Promise.all(
      Array.from({ length: 8 }, () => loadServerSecret({ sessionSecret: null, dataDir: dir })),
    );
    for (const s of all) expect(s.equals(all[0]!)).toBe(true);
  });

  it('refuses a damaged file instead of silently signing everybody out', async () => {
    await writeFile(path.join(dir, SERVER_SECRET_FILE), 'short\n');
    await expect(loadServerSecret({ sessionSecret: null, dataDir: dir })).rejects.toThrow(/session-secret/);
  });
});
