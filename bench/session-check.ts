// `tsx session-check.ts`: where an API request's time goes before its handler (decision 049). One embedded
// PostgreSQL, three Pigeon apps on it (session-check cache off; on; on with request logs at info), a signed-in
// device each, requests taken in turns (interleaved in the same run). Per app: `pre` of the reader's detail and body
// answers (Server-Timing, sent in parallel as a click does), the pair's whole time, the detail's `mail`, and GET
// /api/auth/session; beside them the parts of a check measured alone: the session read (Prisma), the cookie and
// password crypto, the last-seen write, and GET /healthz (Fastify's own floor). BENCH_RUNS (default 40).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { appendMessage, createUser, ensureMailFixture, mailFixture } from '@pigeon/mail-fixture';
import { apiRoutes } from '@pigeon/shared';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase, type Database } from '../apps/server/src/core/db/database.ts';
import { createSessionRepository } from '../apps/server/src/core/session.repository.ts';
import { parseSessionCookie, sessionSecretMatches } from '../apps/server/src/core/crypto/session-token.ts';
import { derivePasswordKey, openPassword } from '../apps/server/src/core/crypto/password-box.ts';
import { signIn, type SignedIn } from '../apps/server/test/auth-helpers.ts';
import { summarize } from './stats.ts';

const RUNS = Math.min(400, Number(process.env.BENCH_RUNS ?? 40));
const SECRET = 'UqekDYWyC19jg/0czdXKtJvoWZpXOZ250OGB3SIkRVo=';

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function env(dataDir: string, extra: Record<string, string>): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: SECRET,
    SERVER_TIMING: 'true',
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
    ...extra,
  };
}

const step = (name: string, header: string | string[] | number | undefined): number => {
  const m = new RegExp(`${name};dur=([\\d.]+)`).exec(String(header ?? ''));
  if (!m) throw new Error(`no ${name} in Server-Timing ${String(header)}`);
  return Number(m[1]);
};

const ms = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

interface Variant {
  name: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  who: SignedIn;
  results: Record<string, number[]>;
}

async function main(): Promise<void> {
  await ensureMailFixture();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-bench-session-'));
  chmodSync(dataDir, 0o755); // the embedded database runs as the postgres user
  let db: Database | undefined;
  const variants: Variant[] = [];
  try {
    db = await openDatabase({ dataDir, databaseUrl: null, migrate: true });
    const user = await createUser('bench-check');
    const { uid } = await appendMessage(
      user,
      'INBOX',
      `From: a@school.test\r\nTo: ${user.email}\r\nSubject: hello\r\nMessage-ID: <b1@school.test>\r\n\r\nHello.\r\n`,
    );
    const settings: [string, Record<string, string>][] = [
      ['cache off', { SESSION_CHECK_CACHE_BYTES: '0' }],
      ['cache on', {}],
      // what production writes: a request line and a response line at info (to a stream that drops them)
      ['cache on, request logs at info', { LOG_LEVEL: 'info' }],
    ];
    for (const [name, extra] of settings) {
      const config = loadConfig(env(path.join(dataDir, `app-${variants.length}`), extra));
      const app = await buildApp(config, { db, logStream: new Writable({ write: (_c, _e, done) => done() }) });
      await app.ready();
      variants.push({ name, app, who: await signIn(app, user.email, user.password), results: {} });
    }
    const repo = createSessionRepository(db.prisma);
    const serverSecret = Buffer.from(SECRET, 'utf8'); // as loadServerSecret takes SESSION_SECRET
    const token = parseSessionCookie(decodeURIComponent(/pigeon_session=([^;]+)/.exec(variants[0]!.who.cookie)![1]!))!;
    const loadBefore = load();
    const add = (v: Variant, key: string, n: number) => (v.results[key] ??= []).push(n);

    for (let i = 0; i < RUNS; i++) {
      for (const v of i % 2 ? [...variants].reverse() : variants) {
        const { app, who } = v;
        const get = (url: string) => app.inject({ method: 'GET', url, headers: who.headers });
        // a click: detail and body in parallel
        const t0 = performance.now();
        const [detail, body] = await Promise.all([
          get(apiRoutes.message(who.accountId, 'INBOX', uid)),
          get(apiRoutes.messageBody(who.accountId, 'INBOX', uid)),
        ]);
        const whole = performance.now() - t0;
        if (detail.statusCode !== 200 || body.statusCode !== 200) throw new Error(`open answered ${detail.statusCode}`);
        const timing = detail.headers['server-timing'];
        add(v, 'pre: detail (click)', step('pre', timing));
        add(v, 'pre: body (click)', step('pre', body.headers['server-timing']));
        add(v, 'detail + body in parallel (inject, whole)', whole);
        add(v, 'detail: mail (Server-Timing)', step('mail', timing));
        add(v, 'GET /api/auth/session (inject, whole)', await ms(() => get(apiRoutes.session)));
        add(v, 'GET /healthz (inject, no session)', await ms(() => get('/healthz')));
      }
      const parts = variants[0]!;
      add(parts, 'part: session read (Prisma findSession)', await ms(() => repo.findSession(token.id)));
      const row = (await repo.findSession(token.id))!;
      add(
        parts,
        'part: cookie + password crypto',
        await ms(async () => {
          sessionSecretMatches(token.secret, row.secretHash);
          const key = derivePasswordKey({ serverSecret, cookieSecret: token.secret, sessionId: row.id });
          for (const p of row.passwords) openPassword(p.sealed, key, row.id);
        }),
      );
      add(parts, 'part: last-seen write (touchSession)', await ms(() => repo.touchSession(token.id, new Date())));
    }

    console.log(`\nsession check, ${RUNS} runs each, A/B interleaved (ms; p95 nearest rank)`);
    console.log(`loadavg ${loadBefore} → ${load()} (${os.cpus().length} cores)`);
    console.log(`${''.padEnd(50)}${['median', 'p95', 'min', 'max'].map((h) => h.padStart(8)).join('')}`);
    for (const v of variants) {
      console.log(v.name);
      for (const [key, runs] of Object.entries(v.results)) {
        const s = summarize(runs);
        console.log(`  ${key.padEnd(48)}${[s.median, s.p95, s.min, s.max].map((n) => String(n).padStart(8)).join('')}`);
      }
    }
  } finally {
    for (const v of variants) await v.app.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
