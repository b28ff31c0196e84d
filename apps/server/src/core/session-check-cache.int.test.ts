// Checked sessions kept in memory (decision 049) never outlive a revocation: two instances on one database, each
// serving the session from memory, refuse a revoked cookie as soon as the revocation notice reaches them (the one that
// revoked at once), and an instance whose notice channel is down reads every session from the database.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createUser } from '@pigeon/mail-fixture';
import { apiRoutes, type DeviceList } from '@pigeon/shared';
import { buildApp } from '../app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { createAdminRepository } from '../features/admin/admin.repository.ts';
import { buildTestApp, testConfig, type TestApp } from '../../test/test-app.ts';
import { signIn, type SignedIn } from '../../test/auth-helpers.ts';
import { repoRoot } from '../../test/server-process.ts';

const run = promisify(execFile);
const until = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 15_000, interval: 20 });
// far longer than any wait here: only the revocation channel can make an instance forget a session
const LONG_TTL_MS = 3_600_000;

const sessionIdOf = (who: SignedIn) => decodeURIComponent(/pigeon_session=([^;.]+)/.exec(who.cookie)![1]!);
const status = (t: TestApp, who: SignedIn, url: string = apiRoutes.session) =>
  t.app.inject({ method: 'GET', url, headers: who.headers }).then((r) => r.statusCode);
/** a request that leaves the session in the instance's memory (asserted, so the next one takes the cached path) */
async function served(t: TestApp, who: SignedIn, url: string = apiRoutes.session): Promise<void> {
  expect(await status(t, who, url)).toBe(200);
  expect(t.app.sessions.checks.has(sessionIdOf(who))).toBe(true);
}

describe('checked sessions in memory, two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const cache = { maxBytes: 1 << 20, ttlMs: LONG_TTL_MS };
    a = await buildTestApp({ sessionCheckCache: cache });
    b = await buildTestApp({ sessionCheckCache: cache });
    await until(() => expect([a.app.sessions.checks.trusted, b.app.sessions.checks.trusted]).toEqual([true, true]));
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a device signed out from another device’s devices page: 401 on this instance at once, on the other by notice', async () => {
    const user = await createUser('check-dev');
    const laptop = await signIn(a.app, user.email, user.password);
    const phone = await signIn(a.app, user.email, user.password);
    for (const t of [a, b]) await served(t, phone);
    const list = await a.app.inject({ method: 'GET', url: apiRoutes.devices, headers: laptop.headers });
    const other = list.json<DeviceList>().devices.find((d) => !d.current)!;
    const removed = await a.app.inject({ method: 'DELETE', url: apiRoutes.device(other.id), headers: laptop.headers });
    expect(removed.statusCode).toBe(204);
    expect(await status(a, phone)).toBe(401);
    await until(async () => expect(await status(b, phone)).toBe(401));
    for (const t of [a, b]) expect(await status(t, laptop)).toBe(200);
  });

  it('the admin CLI’s sign-out (rows deleted and NOTIFY committed by another client): 401 on both', async () => {
    const user = await createUser('check-admin');
    const device = await signIn(b.app, user.email, user.password);
    for (const t of [a, b]) await served(t, device);
    const cli = await openDatabase({ dataDir: repoRoot, databaseUrl: inject('databaseUrl'), migrate: false });
    try {
      expect(await createAdminRepository(cli.prisma).deleteSessionsOf(user.email)).toHaveLength(1);
    } finally {
      await cli.close();
    }
    for (const t of [a, b]) await until(async () => expect(await status(t, device)).toBe(401));
  });

  it('a sign-in with a changed mail password ends the old session on both instances', async () => {
    const user = await createUser('check-pw');
    const old = await signIn(a.app, user.email, user.password);
    for (const t of [a, b]) await served(t, old);
    const name = user.email.split('@')[0]!;
    await run('bash', [path.join(repoRoot, 'scripts/mail/add-user.sh'), name, `${name}-changed`]);
    const fresh = await signIn(b.app, user.email, `${name}-changed`);
    for (const t of [a, b]) await until(async () => expect(await status(t, old)).toBe(401));
    for (const t of [a, b]) expect(await status(t, fresh)).toBe(200);
  });

  it('an expired session is refused from memory too', async () => {
    const user = await createUser('check-exp');
    const device = await signIn(a.app, user.email, user.password);
    // sign-ins last days; set before the first check, so the kept row carries it (expiry is never moved later)
    await a.db.prisma.session.updateMany({
      where: { id: sessionIdOf(device) },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    await served(a, device);
    await until(async () => expect(await status(a, device)).toBe(401));
  });

  it('an account added on one instance is usable on the other at once, and a removed one is gone on both', async () => {
    const [owner, second] = await Promise.all([createUser('check-acc-a'), createUser('check-acc-b')]);
    const who = await signIn(a.app, owner.email, owner.password);
    await served(b, who);
    const added = await a.app.inject({
      method: 'POST',
      url: apiRoutes.accounts,
      headers: who.headers,
      payload: { email: second.email, password: second.password },
    });
    expect(added.statusCode, added.body).toBe(201);
    const boxes = apiRoutes.mailboxes(added.json<{ id: string }>().id);
    await until(async () => expect(await status(b, who, boxes)).toBe(200));
    for (const t of [a, b]) await served(t, who, boxes);
    const removed = await a.app.inject({
      method: 'DELETE',
      url: apiRoutes.account(added.json<{ id: string }>().id),
      headers: who.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect(await status(a, who, boxes)).toBe(404);
    await until(async () => expect(await status(b, who, boxes)).toBe(404));
    for (const t of [a, b]) expect(await status(t, who)).toBe(200);
  });
});

/** A TCP pass-through to PostgreSQL that can be cut (open connections dropped, new ones refused) and restored. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('checked sessions while the revocation channel is down', () => {
  let db: Database;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const config = testConfig({ sessionCheckCache: { maxBytes: 1 << 20, ttlMs: LONG_TTL_MS } });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: config.dataDir, databaseUrl: inject('databaseUrl'), migrate: false });
    proxy = await cuttableProxy(new URL(db.url));
    // the app's queries go straight to the database; only its LISTEN connection goes through the proxy
    app = await buildApp(config, { db: { ...db, url: proxy.url } });
    await app.ready();
    await until(() => expect(app.sessions.checks.trusted).toBe(true));
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('reads every session from the database until the channel listens again', async () => {
    const user = await createUser('check-down');
    const device = await signIn(app, user.email, user.password);
    const get = () => app.inject({ method: 'GET', url: apiRoutes.session, headers: device.headers });
    expect((await get()).statusCode).toBe(200);
    expect(app.sessions.checks.has(sessionIdOf(device))).toBe(true);
    proxy.cut();
    await until(() => expect(app.sessions.checks.trusted).toBe(false));
    // a revocation whose notice is lost while the channel is down (no NOTIFY reaches this instance)
    await db.prisma.session.deleteMany({ where: { id: sessionIdOf(device) } });
    expect((await get()).statusCode).toBe(401);
    // nothing is kept meanwhile
    const other = await signIn(app, user.email, user.password);
    expect((await app.inject({ method: 'GET', url: apiRoutes.session, headers: other.headers })).statusCode).toBe(200);
    expect(app.sessions.checks.has(sessionIdOf(other))).toBe(false);
    proxy.restore();
    await until(() => expect(app.sessions.checks.trusted).toBe(true));
    await until(async () => {
      expect((await app.inject({ method: 'GET', url: apiRoutes.session, headers: other.headers })).statusCode).toBe(
        200,
      );
      expect(app.sessions.checks.has(sessionIdOf(other))).toBe(true);
    });
  });
});
