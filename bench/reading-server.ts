// `tsx reading-server.ts`: the server side of reading (docs/decisions/010-reading-pipeline.md), in one process with
// the app (app.inject), against the project's Dovecot, beside imapflow on its own connection in the same run:
// - event-loop max delay (perf_hooks.monitorEventLoopDelay) while the hostile set is opened through the pipeline,
//   and "before": the same messages parsed and sanitized on the event loop, as the old reader did
// - the same for copies of a 1,100-part message past the whole-read bound (read by part), beside imapflow's
//   FETCH BODYSTRUCTURE of the same copies on its own connection; beside each max delay, the most CPU time the loop's
//   thread spent in one stretch between timer ticks (loop-windows.ts): the delay on a machine with a core free for
//   it, which the machine's load does not inflate
// - RSS before / peak while opening a 100 MB message (BENCH_HUGE_MB)
// - open = GET detail + GET body of a message not opened before, on the 50,000-message INBOX and a small one,
//   median/p95 of BENCH_RUNS (20), beside the IMAP baseline: FETCH BODY.PEEK[TEXT] of the same messages
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import {
  createUser,
  ensureMailFixture,
  fixtureUser,
  imapClient,
  mailFixture,
  seedMailbox,
  type MailUser,
} from '../packages/mail-fixture/src/index.ts'; // by path, like discovery.ts
import { apiRoutes, PAGE_SIZE } from '../packages/shared/src/index.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/core/db/database.ts';
import { signIn } from '../apps/server/test/auth-helpers.ts';
import { ROW_FETCH_QUERY } from '../apps/server/src/mail/imap/message-rows.ts';
import { parseMail } from '../apps/server/src/mail/mime/parse-mail.ts';
import { sanitizeMessageHtml } from '../apps/server/src/mail/reading/sanitize.ts';
import {
  bigHtmlMessage,
  cidFloodMessage,
  cssBacktrackMessage,
  hugeMessage,
  longHeaderMessage,
  manyPartsMessage,
} from '../apps/server/src/features/message/hostile-mail.ts';
import { watchLoopWindows } from './loop-windows.ts';
import { ensureLargeInbox, imapTextFetch, machineLoad, newestUids } from './reading-setup.ts';
import { repeat, summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LARGE = Number(process.env.BENCH_MESSAGES ?? 50_000);
const HUGE_MB = Number(process.env.BENCH_HUGE_MB ?? 100);
const BEFORE = process.env.BENCH_BEFORE !== '0';
/** copies of the 1,100-part message, each listed and opened once: median/p95 of the loop's max delay per open */
const MANY_COPIES = Number(process.env.BENCH_MANY_PARTS_COPIES ?? 10);
/** `hostile`: only the event-loop part (section 1), for profiling it (e.g. under `node --cpu-prof`) */
const ONLY = process.env.BENCH_ONLY ?? '';
const MiB = 1024 * 1024;
/** the padding attachment that puts the 1,100-part copies of section 1c past the whole-read bound (512 KiB) */
const BIG_PARTS_PAD = 600 * 1024;
const ms = (ns: number) => Math.round(ns / 1e5) / 10;
/** resolution of every event-loop delay histogram here (ms) */
const RESOLUTION_MS = 5;
/**
 * Waits for the delay histogram's timer to fire twice: the last task of a measured piece of work (imapflow's parse
 * of the last answer and the promise continuations that end the work) is only seen by the histogram when its timer
 * fires after it; disabling it in that same task would leave it out.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2 * RESOLUTION_MS));

async function appendAll(user: MailUser, folder: string, messages: Record<string, Buffer>) {
  const client = await imapClient(user);
  try {
    // a fresh folder each run: the messages of an earlier run would count against the quota
    await client.mailboxDelete(folder).catch(() => {});
    await client.mailboxCreate(folder);
    const uids: Record<string, number> = {};
    for (const [name, raw] of Object.entries(messages)) {
      const res = await client.append(folder, raw);
      if (!res || !res.uid) throw new Error(`APPEND ${name} failed`);
      uids[name] = res.uid;
    }
    return uids;
  } finally {
    await client.logout();
  }
}

type App = Awaited<ReturnType<typeof buildApp>>;

async function openTimings(app: App, user: MailUser, folder: string, uids: number[]) {
  const { headers, accountId } = await signIn(app, user.email, user.password);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };
  await get(apiRoutes.messages(accountId, folder)); // the session's IMAP connection is up, as when a person opens a message
  const cold = await repeat(uids.length, async (i) => {
    const t0 = performance.now();
    await get(apiRoutes.message(accountId, folder, uids[i] as number));
    await get(apiRoutes.messageBody(accountId, folder, uids[i] as number));
    return performance.now() - t0;
  });
  const warm = await repeat(uids.length, async (i) => {
    const t0 = performance.now();
    await get(apiRoutes.message(accountId, folder, uids[i] as number));
    await get(apiRoutes.messageBody(accountId, folder, uids[i] as number));
    return performance.now() - t0;
  });
  return { cold: summarize(cold), warm: summarize(warm) };
}

async function main(): Promise<void> {
  await ensureMailFixture();
  const machineBefore = machineLoad();

  // the users: the big INBOX (seeded once, kept), a small one, and one holding the hostile and huge messages
  const large = fixtureUser('user001');
  if (ONLY !== 'hostile') await ensureLargeInbox(large, LARGE);
  const small = await createUser('bench-read-small');
  if (ONLY !== 'hostile') await seedMailbox(small, 200, { inboxOnly: true });
  const hostileUser = fixtureUser('user150'); // 4 GB quota: room for the 100 MB message (added users get 100 MB)
  const hostile = {
    // first, an ordinary message: the first open in a process compiles the detail's response serializer (once)
    'ordinary (warm-up)': Buffer.from(
      'From: a@school.test\r\nTo: b@school.test\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nHello.\r\n',
    ),
    'css url( + 40,000 spaces x10 (0.5 MB)': cssBacktrackMessage(),
    '1,100 MIME parts': manyPartsMessage(1100),
    '1 MB header line': longHeaderMessage(MiB),
    '1,500 cid: references': cidFloodMessage(1500, 60 * 1024),
    '1 MB HTML (10,000 styled blocks)': bigHtmlMessage(10_000),
  };
  console.error('[bench] appending the hostile set and a %d MB message', HUGE_MB);
  const hostileUids = await appendAll(hostileUser, 'Hostile', hostile);
  const manyParts = manyPartsMessage(1100);
  const manyUids = Object.values(
    await appendAll(
      hostileUser,
      'ManyParts',
      Object.fromEntries(Array.from({ length: MANY_COPIES }, (_, i) => [`copy ${i + 1}`, manyParts])),
    ),
  );
  // the same message padded past the whole-read bound (WHOLE_READ_MAX_BYTES): read by part, its BODYSTRUCTURE first
  const bigManyParts = manyPartsMessage(1100, BIG_PARTS_PAD);
  const bigManyUids = Object.values(
    await appendAll(
      hostileUser,
      'BigManyParts',
      Object.fromEntries(Array.from({ length: MANY_COPIES }, (_, i) => [`copy ${i + 1}`, bigManyParts])),
    ),
  );
  const hugeUid =
    ONLY === 'hostile'
      ? 0
      : ((await appendAll(hostileUser, 'Huge', { huge: hugeMessage(HUGE_MB * MiB) })).huge as number);

  const dataDir = mkdtempSync(path.join('/tmp', 'pigeon-bench-read-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user
  const config = loadConfig({
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: randomBytes(32).toString('base64'),
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
  await app.ready();
  const out: Record<string, unknown> = { date: new Date().toISOString(), runs: RUNS, reading: config.reading };
  try {
    // 1. event loop while the hostile set is opened through the pipeline (detail + body, each message once)
    const { headers, accountId } = await signIn(app, hostileUser.email, hostileUser.password);
    const get = (url: string) => app.inject({ method: 'GET', url, headers });
    await get(apiRoutes.messages(accountId, 'Hostile'));
    // the floor on this machine: the same histogram over 3 s of doing nothing (a loaded box delays any thread)
    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    idle.disable();
    out.idleLoop = { maxDelayMs: ms(idle.max), p99DelayMs: ms(idle.percentile(99)) };
    const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    loop.enable();
    const perMessage: Record<
      string,
      {
        loopBusyMs: number;
        ms: number;
        status: number;
        notice: unknown;
        maxDelayMs: number;
        maxWindowCpuMs: number | null;
      }
    > = {};
    const measured = async (name: string, work: () => Promise<{ status: number; notice: unknown }>) => {
      const one = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      one.enable();
      const windows = watchLoopWindows();
      const elu = perf.eventLoopUtilization();
      const t0 = performance.now();
      const { status, notice } = await work();
      await settle();
      one.disable();
      const { maxWindowCpuMs } = await windows.stop();
      const busy = perf.eventLoopUtilization(elu);
      perMessage[name] = {
        // time the event loop spent working (less sensitive to the machine's load than the delay)
        loopBusyMs: Math.round(busy.active),
        ms: Math.round(performance.now() - t0),
        status,
        notice,
        maxDelayMs: ms(one.max),
        maxWindowCpuMs,
      };
    };
    // listing the folder: one row per message, the 1,100-part one included
    await measured('list the folder (all of them)', async () => {
      const list = await get(apiRoutes.messages(accountId, 'Hostile'));
      return { status: list.statusCode, notice: `${list.json<{ messages: unknown[] }>().messages.length} rows` };
    });
    for (const [name, uid] of Object.entries(hostileUids)) {
      await measured(name, async () => {
        const d = await get(apiRoutes.message(accountId, 'Hostile', uid));
        const b = await get(apiRoutes.messageBody(accountId, 'Hostile', uid));
        return { status: Math.max(d.statusCode, b.statusCode), notice: d.json<{ bodyNotice?: unknown }>().bodyNotice };
      });
    }
    loop.disable();
    out.hostileAfter = { maxDelayMs: ms(loop.max), p99DelayMs: ms(loop.percentile(99)), perMessage };

    // 1a. the 1,100-part message, MANY_COPIES times (each a new message: no reading cache): the loop's max delay and
    // busy time while its folder is listed, and while each copy is opened (detail + body)
    const delays = async (work: () => Promise<void>) => {
      const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      h.enable();
      const windows = watchLoopWindows();
      const elu = perf.eventLoopUtilization();
      await work();
      await settle();
      h.disable();
      const { maxWindowCpuMs } = await windows.stop();
      return { maxDelay: h.max / 1e6, busy: perf.eventLoopUtilization(elu).active, cpu: maxWindowCpuMs ?? NaN };
    };
    /** the loop's longest stretch of own CPU work per piece of work (null where /proc has no schedstat) */
    const cpuSummary = (runs: { cpu: number }[]) =>
      runs.every((r) => Number.isFinite(r.cpu)) ? summarize(runs.map((r) => r.cpu)) : null;
    const listing = await delays(async () => {
      const list = await get(apiRoutes.messages(accountId, 'ManyParts'));
      if (list.statusCode !== 200) throw new Error(`list ManyParts: ${list.statusCode}`);
    });
    // baseline in the same process: what a row FETCH cost before rows stopped asking for BODYSTRUCTURE
    // (imapflow tokenizes and parses it on this event loop), on the same folder
    const structureClient = await imapClient(hostileUser);
    const withStructure = await delays(async () => {
      const lock = await structureClient.getMailboxLock('ManyParts');
      try {
        const exists = structureClient.mailbox ? structureClient.mailbox.exists : 0;
        const first = Math.max(1, exists - PAGE_SIZE + 1); // the rows the list shows: its first page
        await structureClient.fetchAll(`${first}:*`, { ...ROW_FETCH_QUERY, bodyStructure: true });
      } finally {
        lock.release();
      }
    });
    await structureClient.logout();
    const opens: { maxDelay: number; busy: number; cpu: number }[] = [];
    for (const uid of manyUids)
      opens.push(
        await delays(async () => {
          const d = await get(apiRoutes.message(accountId, 'ManyParts', uid));
          const b = await get(apiRoutes.messageBody(accountId, 'ManyParts', uid));
          if (d.statusCode !== 200 || b.statusCode !== 200) throw new Error(`open ManyParts ${uid}: ${d.statusCode}`);
        }),
      );
    out.manyPartsOpens = {
      copies: manyUids.length,
      listFolder: { maxDelayMs: Math.round(listing.maxDelay * 10) / 10, loopBusyMs: Math.round(listing.busy) },
      baselineRowFetchWithBodystructure: {
        maxDelayMs: Math.round(withStructure.maxDelay * 10) / 10,
        loopBusyMs: Math.round(withStructure.busy),
      },
      openMaxDelayMs: summarize(opens.map((o) => o.maxDelay)),
      openMaxWindowCpuMs: cpuSummary(opens),
      openLoopBusyMs: summarize(opens.map((o) => o.busy)),
    };

    // 1c. the 1,100-part message past the whole-read bound (read by part), MANY_COPIES opens: the loop's max delay
    // per open, and max/p99 over all of them; baseline in the same process: imapflow's FETCH BODYSTRUCTURE of the
    // same copies on its own connection (the structure parsed on this loop, nothing else)
    const bigOpens: { maxDelay: number; busy: number; cpu: number }[] = [];
    const bigAll = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    bigAll.enable();
    for (const uid of bigManyUids)
      bigOpens.push(
        await delays(async () => {
          const d = await get(apiRoutes.message(accountId, 'BigManyParts', uid));
          const b = await get(apiRoutes.messageBody(accountId, 'BigManyParts', uid));
          if (d.statusCode !== 200 || b.statusCode !== 200)
            throw new Error(`open BigManyParts ${uid}: ${d.statusCode} ${b.statusCode}`);
        }),
      );
    bigAll.disable();
    const bigStructureClient = await imapClient(hostileUser);
    const bigBaseline: { maxDelay: number; busy: number; cpu: number }[] = [];
    const bigBaseAll = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    try {
      const lock = await bigStructureClient.getMailboxLock('BigManyParts');
      try {
        bigBaseAll.enable();
        for (const uid of bigManyUids)
          bigBaseline.push(
            await delays(async () => {
              await bigStructureClient.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
            }),
          );
        bigBaseAll.disable();
      } finally {
        lock.release();
      }
    } finally {
      await bigStructureClient.logout();
    }
    out.bigManyPartsOpens = {
      copies: bigManyUids.length,
      messageBytes: bigManyParts.length,
      openMaxDelayMs: summarize(bigOpens.map((o) => o.maxDelay)),
      openMaxWindowCpuMs: cpuSummary(bigOpens),
      openLoopBusyMs: summarize(bigOpens.map((o) => o.busy)),
      allOpens: { maxDelayMs: ms(bigAll.max), p99DelayMs: ms(bigAll.percentile(99)) },
      baselineFetchBodystructure: {
        maxDelayMs: summarize(bigBaseline.map((o) => o.maxDelay)),
        maxWindowCpuMs: cpuSummary(bigBaseline),
        loopBusyMs: summarize(bigBaseline.map((o) => o.busy)),
        all: { maxDelayMs: ms(bigBaseAll.max), p99DelayMs: ms(bigBaseAll.percentile(99)) },
      },
    };

    // 1b–3, skipped with BENCH_ONLY=hostile
    const afterHostile = async () => {
      // 1b. before: the same sources parsed and sanitized on the event loop (what GET detail did, once per message)
      if (BEFORE) {
        const client = await imapClient(hostileUser);
        const sources: Record<string, Buffer> = {};
        try {
          const lock = await client.getMailboxLock('Hostile');
          try {
            for (const [name, uid] of Object.entries(hostileUids)) {
              const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
              if (m && m.source) sources[name] = m.source;
            }
          } finally {
            lock.release();
          }
        } finally {
          await client.logout();
        }
        const before = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
        before.enable();
        const perBefore: Record<string, number | string> = {};
        for (const [name, source] of Object.entries(sources)) {
          const t0 = performance.now();
          try {
            const parsed = await parseMail(source);
            if (typeof parsed.html === 'string')
              sanitizeMessageHtml(parsed.html, { remote: false, inline: parsed.attachments });
            perBefore[name] = Math.round(performance.now() - t0);
          } catch (err) {
            perBefore[name] =
              `${Math.round(performance.now() - t0)} ms, then ${(err as { code?: string }).code ?? 'error'}`;
          }
        }
        before.disable();
        out.hostileBefore = {
          maxDelayMs: ms(before.max),
          p99DelayMs: ms(before.percentile(99)),
          perMessage: perBefore,
        };
      }

      // 2. RSS while a 100 MB message is opened (sampled every 5 ms; worker threads are in this process)
      (globalThis as { gc?: () => void }).gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const t0 = performance.now();
      const hd = await get(apiRoutes.message(accountId, 'Huge', hugeUid));
      const hb = await get(apiRoutes.messageBody(accountId, 'Huge', hugeUid));
      const hugeMs = performance.now() - t0;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      out.huge = {
        messageMb: HUGE_MB,
        status: [hd.statusCode, hb.statusCode],
        openMs: Math.round(hugeMs),
        rssBeforeMb: Math.round(rssBefore / MiB),
        rssPeakMb: Math.round(peak / MiB),
        rssGrowthMb: Math.round((peak - rssBefore) / MiB),
        displayCapMb: config.reading.displayMaxBytes / MiB,
      };

      // 3. open latency, 50k and small INBOX, beside the IMAP text fetch of the same messages
      for (const [label, user] of [
        ['50k INBOX', large],
        ['small INBOX', small],
      ] as const) {
        const uids = (await newestUids(user, RUNS * 3)).filter((_, i) => i % 3 === 1).slice(0, RUNS);
        const pigeon = await openTimings(app, user, 'INBOX', uids);
        const baseline = await imapTextFetch(user, uids);
        out[label] = { pigeonOpenCold: pigeon.cold, pigeonOpenCached: pigeon.warm, imapTextFetch: baseline };
      }
    };
    if (ONLY !== 'hostile') await afterHostile();
  } finally {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  out.machine = { cpus: os.cpus().length, loadavgBefore: machineBefore, loadavgAfter: machineLoad() };
  console.log(JSON.stringify(out, (k, v) => (k === 'runs' && Array.isArray(v) ? undefined : v), 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
