import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VAPID_FILE, loadVapidKeys } from './push-keys.ts';

describe('loadVapidKeys', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dataDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pigeon-vapid-'));
    dirs.push(d);
    return d;
  };

  it('generates a pair once into DATA_DIR (private to the server) and reuses it after a restart', async () => {
    const dir = dataDir();
    const first = await loadVapidKeys({ configured: null, dataDir: dir });
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(statSync(path.join(dir, VAPID_FILE)).mode & 0o777).toBe(0o600);
    expect(await loadVapidKeys({ configured: null, dataDir: dir })).toEqual(first);
  });

  it('uses the configured pair and writes nothing', async () => {
    const dir = dataDir();
    const configured = { publicKey: 'p', privateKey: 'q' };
    expect(await loadVapidKeys({ configured, dataDir: dir })).toBe(configured);
    expect(() => statSync(path.join(dir, VAPID_FILE))).toThrow();
  });
});
