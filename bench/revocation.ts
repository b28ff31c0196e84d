// `tsx revocation.ts`: how soon an ended session's open socket is closed (decision 014), N runs each:
// sign-out through the API of the same instance, and the admin CLI's path (rows deleted + NOTIFY committed by another
// database client, as `npm run admin -- sign-out` does), beside a baseline from the same run: one HTTP round trip of
// GET /api/auth/session to the same server.
import os from 'node:os';
import { io } from 'socket.io-client';
import { createUser, ensureMailFixture, type MailUser } from '@pigeon/mail-fixture';
import { CSRF_HEADER, REALTIME_PATH, apiRoutes } from '@pigeon/shared';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { openDatabase } from '../apps/server/src/core/db/database.ts';
import { runningEmbeddedUrl } from '../apps/server/src/core/db/embedded.ts';
import { createAdminRepository } from '../apps/server/src/features/admin/admin.repository.ts';
import { summarize } from './stats.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 10));
const WAIT_MS = 10_000;

/** A signed-in browser: its cookies, CSRF token and an open socket.io connection. */
async function device(base: string, user: MailUser) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const call = async (method: string, url: string, body?: unknown, token = '') => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie: cookie(), [CSRF_HEADER]: token, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      if (pair!.slice(i + 1)) jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const { csrfToken: pre } = (await (await call('GET', apiRoutes.csrf)).json()) as { csrfToken: string };
  const signedIn = await call('POST', apiRoutes.signIn, { email: user.email, password: user.password }, pre);
  if (!signedIn.ok) throw new Error(`sign-in answered ${signedIn.status}`);
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const socket = io(base, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    extraHeaders: { cookie: cookie(), origin: base },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const closed = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${WAIT_MS} ms`)), WAIT_MS);
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(performance.now());
    });
  });
  return {
    closed,
    close: () => socket.close(),
    session: () => call('GET', apiRoutes.session),
    signOut: () => call('POST', apiRoutes.signOut, undefined, csrfToken),
  };
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = await createUser('bench-revoke');
  const server = await startPigeon({});
  const dbUrl = await runningEmbeddedUrl(server.dataDir);
  if (!dbUrl) throw new Error('the server’s embedded database is not running');
  const db = await openDatabase({ dataDir: server.dataDir, databaseUrl: dbUrl, migrate: false });
  const admin = createAdminRepository(db.prisma);
  const loadBefore = os.loadavg();
  const baseline: number[] = [];
  const signOut: number[] = [];
  const viaNotify: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const d = await device(server.url, user);
      const t0 = performance.now();
      await d.session();
      baseline.push(performance.now() - t0);

      const t1 = performance.now();
      await d.signOut();
      signOut.push((await d.closed) - t1);
      d.close();

      const e = await device(server.url, user);
      const t2 = performance.now();
      await admin.deleteSessionsOf(user.email);
      viaNotify.push((await e.closed) - t2);
      e.close();
    }
    const line = (name: string, r: number[]) => {
      const s = summarize(r);
      console.log(`${name.padEnd(62)}${[s.median, s.p95, s.min, s.max].map((n) => String(n).padStart(8)).join('')}`);
    };
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    console.log(
      `\nrevocation, ${RUNS} runs (ms; p95 = nearest rank); loadavg ${load(loadBefore)} → ${load(os.loadavg())}`,
    );
    console.log(`${''.padEnd(62)}  median     p95     min     max`);
    line('baseline: GET /api/auth/session round trip', baseline);
    line('POST sign-out → that session’s socket closed (same instance)', signOut);
    line('admin sign-out (DELETE + NOTIFY, other client) → socket closed', viaNotify);
  } finally {
    await db.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
