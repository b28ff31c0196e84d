// `tsx footprint.ts`: 200 fixture users (user001..user200) signed in, one socket.io client each. Prints server RSS and
// CPU while idle (per user), the time from 200 simultaneous connects until every session is live (watcher in IDLE),
// and the fan-out of one message to each user: SMTP 250 → `message.added` on that user's socket.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { CSRF_HEADER, REALTIME_PATH, apiRoutes, type ServerToClientEvents } from '@pigeon/shared';
import { deliver, ensureMailFixture, fixtureUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const USERS = Math.min(200, Number(process.env.BENCH_USERS ?? 200));
const IDLE_WINDOW_MS = 10_000;
const STEP_TIMEOUT_MS = 180_000;
const TICK = 100; // clock ticks per second on Linux

const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** RSS (KiB) and CPU ticks of every process in the server's group except the embedded PostgreSQL. */
function usage(pgid: number): { rssKiB: number; ticks: number } {
  let rssKiB = 0;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(fields[2]) !== pgid || comm.startsWith('postgres')) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      rssKiB += rss ? Number(rss[1]) : 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return { rssKiB, ticks };
}

async function signIn(url: string, user: MailUser): Promise<string> {
  const csrf = await fetch(`${url}${apiRoutes.csrf}`);
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${url}${apiRoutes.signIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: header(), [CSRF_HEADER]: csrfToken },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${user.email}: ${res.status} ${await res.text()}`);
  keep(res);
  return header();
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

const within = <T>(p: Promise<T>, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: timed out`)), STEP_TIMEOUT_MS).unref(),
    ),
  ]);

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const users = Array.from({ length: USERS }, (_, i) => fixtureUser(`user${String(i + 1).padStart(3, '0')}`));
  // linger 0: the sessions sign-in opens close again, so the connects below start every session from nothing
  const server = await startPigeon({
    env: { IMAP_SESSION_LINGER_SECONDS: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error' },
  });
  const sockets: Socket<ServerToClientEvents>[] = [];
  const loadBefore = loadavg();
  try {
    const cookies = await within(
      pool(users, 8, (u) => signIn(server.url, u)),
      'sign-in',
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const before = usage(server.pid);

    const added = new Map<number, number>();
    const t0 = performance.now();
    const liveAt = await within(
      Promise.all(
        cookies.map(
          (cookie, i) =>
            new Promise<number>((resolve, reject) => {
              const socket: Socket<ServerToClientEvents> = io(server.url, {
                path: REALTIME_PATH,
                transports: ['websocket'],
                extraHeaders: { cookie, origin: server.url },
                reconnection: false,
              });
              sockets.push(socket);
              socket.on('account.stateChanged', ({ state }) => state === 'live' && resolve(performance.now() - t0));
              socket.on('message.added', ({ path }) => path === 'INBOX' && !added.has(i) && added.set(i, Date.now()));
              socket.on('connect_error', reject);
            }),
        ),
      ),
      'connect',
    );
    const allLive = Math.max(...liveAt);
    // the sessions' first folder counts and INBOX syncs run right after `live`: let them settle first
    await new Promise((r) => setTimeout(r, 5_000));

    const idleStart = usage(server.pid);
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
    const idleEnd = usage(server.pid);
    const cpuPercent = ((idleEnd.ticks - idleStart.ticks) / TICK / (IDLE_WINDOW_MS / 1000)) * 100;

    // the floor in the same run: a bare imapflow client per user, in IDLE on INBOX, sees the same deliveries
    const floorAt = new Map<number, number>();
    const floors = await within(
      pool(users, 20, async (u, i) => {
        const c = await imapClient(u);
        await c.mailboxOpen('INBOX');
        c.on('exists', () => !floorAt.has(i) && floorAt.set(i, Date.now()));
        void c.idle();
        return c;
      }),
      'floor clients',
    );

    const sentAt = new Map<number, number>();
    await within(
      pool(users, 20, async (u, i) => {
        await deliver({ to: u.email, subject: `fan-out ${Date.now()}`, text: 'bench' });
        sentAt.set(i, Date.now());
      }),
      'deliver',
    );
    const deadline = Date.now() + 60_000;
    while ((added.size < USERS || floorAt.size < USERS) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const fanOut = [...sentAt].filter(([i]) => added.has(i)).map(([i, t]) => added.get(i)! - t);
    const fanFloor = [...sentAt].filter(([i]) => floorAt.has(i)).map(([i, t]) => floorAt.get(i)! - t);
    await Promise.all(floors.map((c) => c.logout().catch(() => c.close())));

    const perUserKiB = (idleEnd.rssKiB - before.rssKiB) / USERS;
    const connect = summarize(liveAt);
    const fan = summarize(fanOut);
    const floor = summarize(fanFloor);
    console.log(`\nfootprint: ${USERS} users, one socket.io client each`);
    console.log(
      `machine: ${os.cpus().length} CPUs, loadavg before ${loadBefore.join(' ')}, after ${loadavg().join(' ')}`,
    );
    console.log(
      `server RSS: ${Math.round(before.rssKiB / 1024)} MiB before the sockets, ${Math.round(idleEnd.rssKiB / 1024)} MiB with ${USERS} live sessions → ${Math.round(perUserKiB)} KiB per user`,
    );
    console.log(
      `server CPU while idle (${IDLE_WINDOW_MS / 1000} s): ${cpuPercent.toFixed(2)} % of one core → ${((cpuPercent / USERS) * 1000).toFixed(2)} m% per user`,
    );
    console.log(
      `${USERS} simultaneous connects → session live (watcher in IDLE): all in ${Math.round(allLive)} ms (median ${connect.median}, p95 ${connect.p95})`,
    );
    console.log(
      `fan-out, one message to each user, SMTP 250 → message.added: ${fanOut.length}/${USERS} arrived, median ${fan.median} ms, p95 ${fan.p95} ms, max ${fan.max} ms`,
    );
    console.log(
      `  floor, same messages, SMTP 250 → bare imapflow IDLE exists: ${fanFloor.length}/${USERS}, median ${floor.median} ms, p95 ${floor.p95} ms, max ${floor.max} ms`,
    );
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
