// First download of a POP3 maildrop (issue 11): Pigeon's fetcher (UIDL ledger, TOP previews first, pipelined RETR
// in claimed batches, mailparser summary, PostgreSQL) beside a bare POP3 client's sequential RETR loop over the
// same TLS connection kind, in the same run. Also times writing the same bodies as PostgreSQL bytea and as files
// under a data directory (decision 019). Run:
//   node scripts/pnpm.mjs --filter @pigeon/bench exec tsx pop3-download.ts   (BENCH_MESSAGES=5000 BENCH_RUNS=3)
import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  writeSync,
  fsyncSync,
  rmSync,
  chmodSync,
  readFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { createUser, ensureMailFixture, mailFixture, seedMailbox } from '../packages/mail-fixture/src/index.ts'; // by path, as discovery.ts
import { openDatabase } from '../apps/server/src/core/db/database.ts';
import { startEmbeddedPostgres } from '../apps/server/src/core/db/embedded.ts';
import { migrateDeploy } from '../apps/server/src/core/db/migrate.ts';
import { createLocalStore } from '../apps/server/src/mail/local/local-store.repository.ts';
import { summarize as summarizeMail } from '../apps/server/src/mail/local/local-summary.ts';
import { Pop3Client } from '../apps/server/src/mail/pop3/pop3-client.ts';
import { checkPop3Account, FETCH_DEFAULTS } from '../apps/server/src/mail/pop3/pop3-fetcher.ts';
import { createPop3Ledger } from '../apps/server/src/mail/pop3/pop3-ledger.repository.ts';
import { summarize } from './stats.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ca = readFileSync(mailFixture.caPath);

/** The baseline: log in, RETR 1..n one after another, reading each reply up to "\r\n.\r\n"; nothing stored. */
async function bareRetrLoop(login: string, password: string, n: number): Promise<number> {
  const t0 = performance.now();
  const socket = tls.connect({
    host: mailFixture.host,
    port: mailFixture.ports.pop3s,
    ca,
    servername: 'mail.school.test',
  });
  let buf = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    waiter?.();
  });
  const until = async (done: (b: Buffer) => boolean) => {
    while (!done(buf)) await new Promise<void>((r) => (waiter = r));
    waiter = null;
    buf = Buffer.alloc(0);
  };
  const line = (b: Buffer) => b.includes('\r\n');
  await until(line);
  for (const cmd of [`USER ${login}`, `PASS ${password}`]) {
    socket.write(`${cmd}\r\n`);
    await until(line);
  }
  for (let i = 1; i <= n; i++) {
    socket.write(`RETR ${i}\r\n`);
    await until((b) => b.length >= 5 && b.subarray(-5).toString() === '\r\n.\r\n');
  }
  socket.end('QUIT\r\n');
  return performance.now() - t0;
}

await ensureMailFixture();
const user = await createUser('bench-pop3');
let t = performance.now();
await seedMailbox(user, N, { inboxOnly: true });
console.log(`seeded ${N} messages in ${Math.round(performance.now() - t)} ms`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-bench-pop3-'));
chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
await migrateDeploy(pg.url);
const db = await openDatabase({ dataDir, databaseUrl: pg.url, migrate: false });
const fixtureTls = { caFile: mailFixture.caPath, rejectUnauthorized: true, connectTimeoutMs: 10_000 };
const connect = () =>
  Pop3Client.connect(
    {
      login: user.login,
      password: user.password,
      server: { host: 'mail.school.test', address: mailFixture.host, port: mailFixture.ports.pop3s, tls: 'tls' },
    },
    fixtureTls,
  );

/** A fresh Account row for the bench user (one per run: an address is unique per user), owning the local rows. */
let accounts = 0;
const accountRow = async (): Promise<string> => {
  accounts += 1;
  const owner = await db.prisma.user.upsert({
    where: { email: user.email },
    create: { email: user.email },
    update: {},
  });
  const account = await db.prisma.account.create({
    data: {
      userId: owner.id,
      address: `run${accounts}.${user.email}`,
      protocol: 'pop3',
      login: user.login,
      incomingHost: mailFixture.host,
      incomingPort: mailFixture.ports.pop3s,
      incomingTls: 'tls',
      smtpHost: mailFixture.host,
      smtpPort: mailFixture.ports.submissions,
      smtpTls: 'tls',
    },
  });
  return account.id;
};

/** Time spent inside each named async function (wall clock, summed; pipelined calls overlap). */
const phases = new Map<string, number>();
function timed<A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const t0 = performance.now();
    try {
      return await fn(...a);
    } finally {
      phases.set(name, (phases.get(name) ?? 0) + performance.now() - t0);
    }
  };
}
function timedAll<T extends object>(prefix: string, o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'function') out[k] = timed(`${prefix}.${k}`, v as (...a: unknown[]) => Promise<unknown>);
  return out as T;
}

const bare: number[] = [];
const pigeon: number[] = [];
const listed: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    bare.push(await bareRetrLoop(user.login, user.password, N));
    const accountId = await accountRow();
    const start = performance.now();
    let firstBody = 0;
    phases.clear();
    const result = await checkPop3Account(accountId, {
      ledger: timedAll('ledger', createPop3Ledger(db.prisma)),
      store: createLocalStore(db.prisma),
      connect: timed('connect', connect),
      summarize: timed('summarize', summarizeMail),
      owner: `bench-${run}`,
      now: () => new Date(),
      ...FETCH_DEFAULTS,
      maxMessageBytes: 64 * 1024 * 1024,
      onProgress: (p) => {
        if (p.phase === 'download' && p.done === 0) firstBody = performance.now() - start;
      },
    });
    pigeon.push(performance.now() - start);
    listed.push(firstBody);
    if (result.stored !== N) throw new Error(`stored ${result.stored} of ${N}`);
    const total = performance.now() - start;
    const parts = [...phases].sort((a, b) => b[1] - a[1]);
    const rest = total - parts.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(
      `  phases: ${parts.map(([k, ms]) => `${k} ${Math.round(ms)}`).join(', ')}, rest (POP3 replies, loop) ${Math.round(rest)} ms`,
    );
    console.log(
      `run ${run + 1}: bare ${Math.round(bare.at(-1)!)} ms, pigeon ${Math.round(pigeon.at(-1)!)} ms (every row listed from TOP at ${Math.round(firstBody)} ms)`,
    );
  }

  // bodies: the same bytes as bytea rows (25 per transaction) and as fsynced files under a data directory
  const c = await connect();
  const raws: Buffer[] = [];
  for (let i = 1; i <= N; i += 25)
    raws.push(
      ...(await Promise.all(Array.from({ length: Math.min(25, N - i + 1) }, (_, k) => c.retr(i + k)))).map(
        (r) => r.raw!,
      ),
    );
  await c.quit();
  const bytes = raws.reduce((s, r) => s + r.length, 0);
  const accountId = await accountRow();
  t = performance.now();
  for (let i = 0; i < raws.length; i += 25)
    await db.prisma.localBody.createMany({
      data: raws
        .slice(i, i + 25)
        .map((r) => ({ accountId, raw: new Uint8Array(r), headers: new Uint8Array(0), size: r.length })),
    });
  const pgMs = performance.now() - t;
  const dir = path.join(dataDir, 'bodies');
  mkdirSync(dir);
  t = performance.now();
  for (let i = 0; i < raws.length; i += 25) {
    const batch = raws.slice(i, i + 25);
    const ids = batch.map(() => randomUUID());
    for (const [k, r] of batch.entries()) {
      const fd = openSync(path.join(dir, ids[k]!), 'w');
      writeSync(fd, r);
      fsyncSync(fd);
      closeSync(fd);
    }
    // the row that names the files (what a DATA_DIR store still needs in PostgreSQL)
    await db.prisma.localBody.createMany({
      data: batch.map((r, k) => ({ id: ids[k]!, accountId, raw: null, headers: new Uint8Array(0), size: r.length })),
    });
  }
  const filesMs = performance.now() - t;
  const [size] = await db.prisma.$queryRaw<{ bytes: bigint }[]>`SELECT pg_total_relation_size('"LocalBody"') AS bytes`;

  const fmt = (name: string, runs: number[]) => {
    const s = summarize(runs);
    return `${name.padEnd(44)} median ${String(s.median).padStart(8)}  p95 ${String(s.p95).padStart(8)}  (${RUNS} runs)`;
  };
  console.log(
    `\nfirst download of ${N} messages over POP3S (ms), load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${os.cpus().length} cpus`,
  );
  console.log(fmt('bare POP3 client, sequential RETR loop', bare));
  console.log(fmt('Pigeon fetcher: all stored', pigeon));
  console.log(fmt('Pigeon fetcher: every row listed (TOP)', listed));
  console.log(`\nwriting ${N} bodies (${(bytes / 1e6).toFixed(1)} MB), batches of 25:`);
  console.log(
    `  PostgreSQL bytea: ${Math.round(pgMs)} ms;  files under DATA_DIR (fsync) + row: ${Math.round(filesMs)} ms`,
  );
  console.log(
    `  LocalBody table on disk after both: ${(Number(size!.bytes) / 1e6).toFixed(1)} MB (TOAST-compressed bytea + the rows)`,
  );
} finally {
  await db.close();
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
