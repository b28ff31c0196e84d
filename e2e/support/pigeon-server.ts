import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mailFixture } from '@pigeon/mail-fixture';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The mail fixture's domain as Pigeon sees it: IMAP and submission, both STARTTLS. */
export const fixtureMailDomains = () => ({
  [mailFixture.domain]: {
    imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
    smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
  },
});

export interface PigeonServer {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** SIGTERM, wait for a graceful exit (SIGKILL to the process group after the timeout), remove DATA_DIR */
  stop(): Promise<void>;
}

export interface StartPigeonOptions {
  /** 0 or unset: a free port on 127.0.0.1 */
  port?: number;
  /** reuse this DATA_DIR (a restart: same database, secret and sessions); stop() then leaves it in place */
  dataDir?: string;
  /** the mail servers' CA; default: the mail fixture's */
  caFile?: string;
  /** extra environment (wins over the defaults) */
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** a checkout to run the server from (a bench's A/B of two server versions); default: this one */
  root?: string;
}

/** A port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Fails fast with the fix when a prerequisite build step was skipped. */
export function assertBuilt(): void {
  const missing: string[] = [];
  if (!existsSync(path.join(repoRoot, 'apps/web/dist/index.html')))
    missing.push('apps/web/dist (run: node scripts/pnpm.mjs --filter @pigeon/web build)');
  if (!existsSync(path.join(repoRoot, 'apps/server/src/generated')))
    missing.push('the Prisma client (run: node scripts/pnpm.mjs --filter @pigeon/server build)');
  if (missing.length) throw new Error(`Pigeon is not built: missing ${missing.join('; ')}`);
}

/** Starts `tsx apps/server/src/server.ts` with a fresh DATA_DIR and resolves once it answers HTTP. */
export async function startPigeon(opts: StartPigeonOptions): Promise<PigeonServer> {
  const port = opts.port || (await freePort());
  // embedded PostgreSQL runs as the `postgres` user: the directory must be traversable by it (mkdtemp gives 0700)
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pigeon-e2e-'));
  chmodSync(dataDir, 0o755);
  const url = `http://127.0.0.1:${port}`;
  const root = opts.root ?? repoRoot;
  const tsx = path.join(root, 'apps/server/node_modules/.bin/tsx');
  const child = spawn(tsx, ['apps/server/src/server.ts'], {
    cwd: root,
    detached: true, // own process group, so a stuck server and its children can be killed together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      MAIL_DOMAINS: JSON.stringify(fixtureMailDomains()),
      MAIL_TLS_CA_FILE: opts.caFile ?? mailFixture.caPath,
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'a7/Hb9EpuXIviON0b0eLtLB8lUslyIPjvmXFeBnI+PI=', // 32 random bytes, base64
      COOKIE_SECURE: 'never',
      SIGNIN_LIMIT_PER_IP: '100000',
      SIGNIN_LIMIT_PER_ACCOUNT: '100000',
      ...opts.env,
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    await stopProcess(child, exited);
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHttp(url, child, opts.startTimeoutMs ?? 90_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }
  // after start-up only warnings and errors are printed; pass them through so a failing run shows them
  child.stdout?.on('data', (c: Buffer) => process.stderr.write(`[pigeon] ${c.toString('utf8')}`));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[pigeon] ${c.toString('utf8')}`));
  return { url, port, dataDir, pid: child.pid ?? -1, stop };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Pigeon exited during start-up (code ${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${url}/api/auth/session`, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Pigeon did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM'); // tsx relays it to the node process running server.ts
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}
