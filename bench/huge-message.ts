// `node --expose-gc --import tsx huge-message.ts`: the 100 MB bound of issue 9 ("a 100 MB message opens with the
// server's RSS growing by no more than the display cap plus a small constant"), re-measured for every way a huge
// message is handled (docs/decisions/010-reading-pipeline.md, round 8), in one process with the app on real HTTP:
// - open (GET detail + GET body), download its 100 MB attachment, download its .eml, forward it as an attachment
//   (prefill + POST /outbox + delivery), and forward a smaller message that fits ATTACHMENT_MAX_BYTES and the fixture's
//   SMTP size limit (50 MB), delivered
// - for each, BENCH_RUNS times: RSS growth of the peak over the level before (sampled every 5 ms, after a GC), the
//   event loop's max delay (monitorEventLoopDelay, 5 ms), the loop's longest stretch of its own CPU time between two
//   ticks of a 1 ms timer (what the delay would be with a core free: loop-windows.ts) and the time; median and max
// - BENCH_ONLY_FORWARD=1: only the forwards (the 100 MB message is still appended, for BENCH_FORWARD_HUGE=1)
// - baselines in the same run: the loop's max delay over 3 s of nothing, and imapflow alone downloading the same
//   attachment on its own connection in this process (RSS growth, max delay, time)
// Downloads are read by an HTTP client in this process that drops each chunk, so RSS is the server's share.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ensureMailFixture, fixtureUser, imapClient, mailFixture } from '../packages/mail-fixture/src/index.ts';
import { apiRoutes, type ComposeDraft } from '../packages/shared/src/index.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/core/db/database.ts';
import { signIn } from '../apps/server/test/auth-helpers.ts';
import { hugeMessage } from '../apps/server/src/features/message/hostile-mail.ts';
import { watchLoopWindows } from './loop-windows.ts';
import { machineLoad } from './reading-setup.ts';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HUGE_MB = Number(process.env.BENCH_HUGE_MB ?? 100);
/** a message that a forward may carry with the default ATTACHMENT_MAX_BYTES (25 MiB) and the fixture's 50 MB SMTP limit */
const FORWARDABLE_MB = Number(process.env.BENCH_FORWARDABLE_MB ?? 18);
/** ATTACHMENT_MAX_BYTES for this run: the 100 MB attachment must be downloadable for its download to be measured */
const ATTACHMENT_MAX_MB = Number(process.env.BENCH_ATTACHMENT_MAX_MB ?? 128);
const FORWARD_HUGE = process.env.BENCH_FORWARD_HUGE === '1';
const ONLY_FORWARD = process.env.BENCH_ONLY_FORWARD === '1';
const MiB = 1024 * 1024;
const RESOLUTION_MS = 5;
const ms = (ns: number) => Math.round(ns / 1e5) / 10;
const mb = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const settle = () => new Promise((resolve) => setTimeout(resolve, 2 * RESOLUTION_MS));

interface Sample {
  rssGrowthMb: number;
  maxDelayMs: number;
  /** the loop's longest stretch of its own CPU time (null off Linux) */
  maxStretchCpuMs: number | null;
  ms: number;
  result: string;
}

/** One piece of work: RSS peak over the level before it (after a GC), loop max delay, time. */
async function measure(work: () => Promise<string>): Promise<Sample> {
  gc();
  await settle();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  const windows = watchLoopWindows();
  const t0 = performance.now();
  const result = await work();
  const took = performance.now() - t0;
  await settle();
  loop.disable();
  const { maxWindowCpuMs } = await windows.stop();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    rssGrowthMb: mb(peak - before),
    maxDelayMs: ms(loop.max),
    maxStretchCpuMs: maxWindowCpuMs,
    ms: Math.round(took),
    result,
  };
}

const summary = (samples: Sample[]) => ({
  rssGrowthMb: summarize(samples.map((s) => s.rssGrowthMb)),
  maxDelayMs: summarize(samples.map((s) => s.maxDelayMs)),
  maxStretchCpuMs: summarize(samples.map((s) => s.maxStretchCpuMs ?? 0)),
  ms: summarize(samples.map((s) => s.ms)),
  results: [...new Set(samples.map((s) => s.result))],
});

/** GETs `url` over real HTTP and drops every chunk: the status and the byte count. */
function drain(base: string, url: string, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers: { cookie } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve(`${res.statusCode} ${mb(bytes)} MB`));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.error('[bench] run with node --expose-gc for a level RSS before');
  await ensureMailFixture();
  const loadBefore = machineLoad();
  const user = fixtureUser('user150'); // 4 GB quota: room for the huge message and its forwarded copies
  const imap = await imapClient(user);
  // a fresh folder each run: the messages of an earlier run would count against the quota
  await imap.mailboxDelete('Huge').catch(() => {});
  await imap.mailboxCreate('Huge');
  console.error('[bench] appending a %d MB and a %d MB message', HUGE_MB, FORWARDABLE_MB);
  const hugeUid = (await imap.append('Huge', hugeMessage(HUGE_MB * MiB))) as { uid: number };
  const fwdUid = (await imap.append('Huge', hugeMessage(FORWARDABLE_MB * MiB))) as { uid: number };
  await imap.logout();

  const dataDir = mkdtempSync(path.join('/tmp', 'pigeon-bench-huge-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user
  const config = loadConfig({
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: randomBytes(32).toString('base64'),
    SEND_UNDO_SECONDS: '0',
    ATTACHMENT_MAX_BYTES: String(ATTACHMENT_MAX_MB * MiB),
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
  });
  const db = await openDatabase({ dataDir, databaseUrl: null, migrate: true });
  const app = await buildApp(config, { db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    runs: RUNS,
    hugeMb: HUGE_MB,
    forwardableMb: FORWARDABLE_MB,
    displayCapMb: mb(config.reading.displayMaxBytes),
    attachmentMaxMb: ATTACHMENT_MAX_MB,
    downloadsPerUser: config.live.downloadsPerUser,
  };
  try {
    const { headers, accountId } = await signIn(app, user.email, user.password);
    const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return res;
    };
    await inject('GET', apiRoutes.messages(accountId, 'Huge'));

    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    idle.disable();
    out.idleLoop = { maxDelayMs: ms(idle.max) };

    // hugeMessage's file is its second part; not read from the detail here, so the first open is a cold one
    const file = { id: '2' };
    const cookie = headers.cookie as string;

    const forward = async (uid: number, subject: string) => {
      const pre = await inject('POST', apiRoutes.composePrefill(accountId), {
        mode: 'forwardAttachment',
        path: 'Huge',
        uid,
      });
      if (pre.statusCode !== 200) return `prefill ${pre.statusCode}`;
      const draft = { ...pre.json<ComposeDraft>(), to: [{ name: '', address: user.email }], subject };
      const queued = await inject('POST', apiRoutes.outbox(accountId), draft);
      if (queued.statusCode !== 201)
        return `outbox ${queued.statusCode} ${queued.json<{ error?: { code?: string } }>().error?.code ?? ''}`;
      const id = queued.json<{ id: string }>().id;
      // until the worker is done with it: sent, or refused for good
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        const list = (await inject('GET', apiRoutes.outbox(accountId))).json<{
          items: { id: string; state: string; errorCode?: string | null }[];
        }>();
        const item = list.items.find((i) => i.id === id);
        if (item && (item.state === 'sent' || item.state === 'failed'))
          return `${item.state}${item.errorCode ? ` ${item.errorCode}` : ''}`;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return 'timeout';
    };

    const reading: (readonly [string, () => Promise<string>])[] = [
      [
        'open (detail + body; run 1 reads it, later runs come from the reading cache)',
        async () => {
          const d = await inject('GET', apiRoutes.message(accountId, 'Huge', hugeUid.uid));
          const b = await inject('GET', apiRoutes.messageBody(accountId, 'Huge', hugeUid.uid));
          return `${d.statusCode} ${b.statusCode}`;
        },
      ],
      [
        'download the attachment',
        () => drain(base, apiRoutes.attachment(accountId, 'Huge', hugeUid.uid, file.id), cookie),
      ],
      ['download the .eml', () => drain(base, apiRoutes.raw(accountId, 'Huge', hugeUid.uid), cookie)],
    ];
    const steps: (readonly [string, () => Promise<string>])[] = [
      ...(ONLY_FORWARD ? [] : reading),
      // only under BENCH_FORWARD_HUGE=1: with ATTACHMENT_MAX_BYTES raised past it, it takes minutes and ~1 GB (round 8)
      ...(FORWARD_HUGE
        ? [[`forward the ${HUGE_MB} MB message as an attachment`, () => forward(hugeUid.uid, 'fwd huge')] as const]
        : []),
      [`forward a ${FORWARDABLE_MB} MB message as an attachment (delivered)`, () => forward(fwdUid.uid, 'fwd small')],
    ];
    const results: Record<string, ReturnType<typeof summary>> = {};
    const samples = new Map<string, Sample[]>(steps.map(([name]) => [name, []]));
    const baseline: Sample[] = [];
    // interleaved: each run goes through every step once, then the imapflow baseline
    for (let run = 0; run < RUNS; run++) {
      for (const [name, work] of steps) {
        samples.get(name)!.push(await measure(work));
        console.error('[bench] run %d %s: %o', run + 1, name, samples.get(name)!.at(-1));
      }
      baseline.push(
        await measure(async () => {
          // a connection of its own per run, logged in like Pigeon's download connections
          const own = await imapClient(user);
          const lock = await own.getMailboxLock('Huge', { readOnly: true });
          try {
            const d = await own.download(String(hugeUid.uid), file.id, { uid: true, decodeText: false });
            let bytes = 0;
            for await (const c of d.content ?? []) bytes += (c as Buffer).length;
            return `${mb(bytes)} MB`;
          } finally {
            lock.release();
            await own.logout();
          }
        }),
      );
      console.error('[bench] run %d baseline: %o', run + 1, baseline.at(-1));
    }
    for (const [name, s] of samples) results[name] = summary(s);
    results['baseline: imapflow alone downloads the attachment on its own connection'] = summary(baseline);
    out.steps = results;
  } finally {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  out.machine = { cpus: os.cpus().length, loadavgBefore: loadBefore, loadavgAfter: machineLoad() };
  console.log(JSON.stringify(out, (k, v) => (k === 'runs' && Array.isArray(v) ? undefined : v), 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
