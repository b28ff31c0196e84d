// A throwaway redis-server (Debian's package) on a free loopback port, for tests of the REDIS_URL paths.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './compose-helpers.ts';
import { freePort, repoRoot } from './server-process.ts';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const ensured = spawnSync(
    process.execPath,
    [
      '-e',
      "import('./scripts/system-deps.mjs').then((m) => process.exit(m.ensureDebPackages(['redis-server']) ? 0 : 1))",
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  if (ensured.status !== 0) throw new Error('redis-server (Debian package) is not installed');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const c = net.connect(port, '127.0.0.1', () => {
          c.end();
          resolve(true);
        });
        c.on('error', () => resolve(false));
      }),
    'redis-server to listen',
    20_000,
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
