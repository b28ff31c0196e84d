// `tsx sign-in-server.ts`: the server's side of a sign-in alone (decision 036 part 10), in-process (`app.inject`, no
// browser, no socket; the answer brotli-compressed as a browser asks for it): the sign-in answer with its first rows (300-message INBOX, carried), its Server-Timing steps and
// the whole call; the baseline in the same run is a bare imapflow login plus the same IMAP commands the first rows
// send (LIST-STATUS, SELECT, STATUS, FETCH UID FLAGS, SEARCH UNSEEN). `BENCH_PROFILE=1` also takes a CPU profile of the
// measured sign-ins only and prints the main thread's time by package. `BENCH_RUNS` (default 20).
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ImapFlow } from 'imapflow';
import { createUser, ensureMailFixture, loginOf, mailFixture, seedMailbox } from '@pigeon/mail-fixture';
import { CSRF_HEADER, apiRoutes } from '@pigeon/shared';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase, type Database } from '../apps/server/src/core/db/database.ts';
import { cookieHeader, getCsrf, setCookies } from '../apps/server/test/auth-helpers.ts';
import { summarize } from './stats.ts';

const RUNS = Math.min(200, Number(process.env.BENCH_RUNS ?? 20));
const PROFILE = process.env.BENCH_PROFILE === '1';
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const steps = (header: unknown): Record<string, number> =>
  Object.fromEntries(
    String(header ?? '')
      .split(', ')
      .map((s) => /^([\w-]+);dur=([\d.]+)$/.exec(s))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, Number(m[2])]),
  );

/** A bare login and the first rows' IMAP commands, as the sign-in sends them (the floor). */
async function bare(user: { email: string; password: string }): Promise<Record<string, number>> {
  const t0 = performance.now();
  const client = new ImapFlow({
    host: mailFixture.host,
    port: mailFixture.ports.imap,
    secure: false,
    doSTARTTLS: true,
    auth: { user: loginOf(user), pass: user.password },
    tls: { ca: readFileSync(mailFixture.caPath) },
    logger: false,
    disableAutoIdle: true,
    qresync: true,
    clientInfo: { name: 'Pigeon' },
  });
  client.on('error', () => {});
  await client.connect();
  const login = performance.now() - t0;
  await client.list({ statusQuery: { messages: true, unseen: true } });
  const lock = await client.getMailboxLock('INBOX');
  try {
    await client.status('INBOX', {
      messages: true,
      unseen: true,
      uidNext: true,
      uidValidity: true,
      highestModseq: true,
    });
    const total = (client.mailbox as { exists: number }).exists;
    await client.fetchAll(`${Math.max(1, total - 49)}:${total}`, { uid: true, flags: true });
    await client.search({ seen: false });
  } finally {
    lock.release();
  }
  const all = performance.now() - t0;
  await client.logout();
  return { 'bare: login': login, 'bare: login + first rows commands': all, 'bare: first rows commands': all - login };
}

/** Self time by package (or file) of the profile's samples. */
function byPackage(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}) {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!)!;
    const { url, functionName } = node.callFrame;
    const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const key =
      functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)'
        ? functionName
        : pkg
          ? pkg
          : url.includes('/apps/server/src/')
            ? `server: ${url.split('/apps/server/src/')[1]}`
            : url.startsWith('node:')
              ? `node: ${url.slice(5).split('/')[0]}`
              : url || `(native) ${functionName}`;
    out.set(key, (out.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return out;
}

async function main(): Promise<void> {
  await ensureMailFixture();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-bench-sign-in-'));
  chmodSync(dataDir, 0o755); // the embedded database runs as the postgres user
  let db: Database | undefined;
  try {
    db = await openDatabase({ dataDir, databaseUrl: null, migrate: true });
    const user = await createUser('signin');
    await seedMailbox(user, 300, { inboxOnly: true, precache: true });
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: path.join(dataDir, 'app'),
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'UqekDYWyC19jg/0czdXKtJvoWZpXOZ250OGB3SIkRVo=',
      SERVER_TIMING: 'true',
      SIGNIN_RATE_PER_MINUTE: '10000',
      MAIL_DOMAINS: JSON.stringify({
        [mailFixture.domain]: {
          imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
          smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
        },
      }),
      MAIL_TLS_CA_FILE: mailFixture.caPath,
    });
    const app = await buildApp(config, { db, logStream: new Writable({ write: (_c, _e, done) => done() }) });
    await app.ready();
    const results: Record<string, number[]> = {};
    const add = (k: string, v: number) => (results[k] ??= []).push(v);
    const session = PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }
    const profiles: Parameters<typeof byPackage>[0][] = [];
    const loadBefore = load();
    for (let i = -2; i < RUNS; i++) {
      const measured = i >= 0;
      for (const side of i % 2 ? ['pigeon', 'bare'] : ['bare', 'pigeon']) {
        if (side === 'bare') {
          const b = await bare(user);
          if (measured) for (const [k, v] of Object.entries(b)) add(k, v);
          continue;
        }
        const csrf = await getCsrf(app);
        if (session && measured) await session.post('Profiler.start');
        const t0 = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: apiRoutes.signIn,
          headers: { ...csrf.headers, 'accept-encoding': 'br, gzip' },
          payload: { email: user.email, password: user.password, firstPage: 'INBOX' },
        });
        const whole = performance.now() - t0;
        if (session && measured) profiles.push((await session.post('Profiler.stop')).profile);
        if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}: ${res.body}`);
        const body = JSON.parse(
          (res.headers['content-encoding'] === 'br'
            ? brotliDecompressSync(res.rawPayload)
            : res.headers['content-encoding'] === 'gzip'
              ? gunzipSync(res.rawPayload)
              : res.rawPayload
          ).toString('utf8'),
        ) as { first?: unknown; csrfToken: string };
        if (!body.first && measured) throw new Error('the answer carried no first rows');
        if (measured) {
          add('sign-in answer (inject, whole)', whole);
          for (const [k, v] of Object.entries(steps(res.headers['server-timing']))) add(`  step: ${k}`, v);
          const { pre = 0, handler = 0 } = steps(res.headers['server-timing']);
          add('  after the handler (serialize, compress, send)', whole - pre - handler);
        }
        // sign out, so the per-user session cap never fills; the watcher and the password tag settle meanwhile
        const cookie = cookieHeader({ ...csrf.cookies, ...setCookies(res) });
        const { csrfToken } = body;
        await app.inject({ method: 'POST', url: apiRoutes.signOut, headers: { cookie, [CSRF_HEADER]: csrfToken } });
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    console.log(
      `sign-in, server side, in-process, 300-message INBOX (carried), ${RUNS} runs, interleaved with the bare client (ms)`,
    );
    for (const [k, v] of Object.entries(results)) {
      const s = summarize(v);
      console.log(`  ${k.padEnd(52)} median ${String(s.median).padStart(8)}  p95 ${String(s.p95).padStart(8)}`);
    }
    if (profiles.length) {
      const sum = new Map<string, number>();
      for (const p of profiles) for (const [k, v] of byPackage(p)) sum.set(k, (sum.get(k) ?? 0) + v);
      console.log(
        'main thread during the sign-in calls, by package (ms per sign-in, mean; profiler overhead included):',
      );
      for (const [k, v] of [...sum.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
        console.log(`  ${k.padEnd(60)} ${(v / profiles.length).toFixed(1).padStart(7)}`);
    }
    console.log(`load ${loadBefore} → ${load()}`);
    await app.close();
  } finally {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
