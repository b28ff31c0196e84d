// Two Pigeon processes sharing one PostgreSQL and one Redis (Debian's redis-server, started here on loopback):
// pushes reach a user's devices on both, one IMAP watcher per user, a kill -9 of its holder is taken over, and a
// SIGTERM hands the lease over.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, deliver, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type MailboxChanges, type OutboxItem, type OutboxList } from '@pigeon/shared';
import { draftTo, findByMessageId, waitFor, waitForMessage } from '../../test/compose-helpers.ts';
import { connectSocket, type TestSocket } from '../../test/realtime-helpers.ts';
import { startTestRedis, type TestRedis } from '../../test/redis-server.ts';
import { HttpClient, startServer, type ServerProcess } from '../../test/server-process.ts';

const LEASE_MS = 3_000;
const addUser = path.resolve(import.meta.dirname, '../../../../scripts/mail/add-user.sh');
const SESSION_SECRET = randomBytes(32).toString('hex');

let tmp: string;
let redis: TestRedis;
let servers: ServerProcess[] = [];
const sockets: TestSocket[] = [];
let user: MailUser;
let envOf: (n: number) => Record<string, string>;

/** users of other tests here, whose leases the takeover test ignores */
const otherUsers = new Set<unknown>();
const leaseLogs = (s: ServerProcess) => s.logs().filter((l) => l.msg === 'live session: lease taken');

/** The servers whose log says they took the (takeover test's user's) lease. */
const leaseTakenBy = (candidates: ServerProcess[]) =>
  candidates.filter((s) => leaseLogs(s).some((l) => !otherUsers.has(l.userId)));

const uidsAdded = (socket: TestSocket) => socket.of('message.added').flatMap((p) => p.uids);

/** IMAP connections Dovecot has open for this address (`doveadm who`). */
function imapConnections(email: string): number {
  const who = spawnSync('doveadm', ['-c', path.join(mailFixture.dir, 'dovecot.conf'), 'who', '-1', email], {
    encoding: 'utf8',
  });
  return who.stdout.split('\n').filter((line) => line.startsWith(`${email} `)).length;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pigeon-scale-'));
  chmodSync(tmp, 0o755);
  redis = await startTestRedis();
  const redisUrl = redis.url;
  user = await createUser('scale');
  envOf = (n: number) => ({
    DATA_DIR: path.join(tmp, `data-${n}`),
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: redisUrl,
    IMAP_LEASE_MS: String(LEASE_MS),
    SIGNIN_LIMIT_PER_ACCOUNT: '3',
    SEND_UNDO_SECONDS: '0',
    LOG_LEVEL: 'info',
    SESSION_SECRET,
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
  });
  servers = await Promise.all([startServer(envOf(1)), startServer(envOf(2))]);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('scale-out: two instances, one PostgreSQL, one Redis', () => {
  it('counts failed sign-ins in Redis: attempts on A and B add up to one limit', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const victim = await createUser('scale-limit');
    const attempt = async (server: ServerProcess) => {
      const c = new HttpClient(server.base);
      c.csrfToken = (await c.json<{ csrfToken: string }>('GET', apiRoutes.csrf)).csrfToken;
      return c.request('POST', apiRoutes.signIn, { email: victim.email, password: 'wrong-password' });
    };
    expect((await attempt(a)).status).toBe(401);
    expect((await attempt(b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(401);
    const refused = await attempt(b);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('auth.rate_limited');
  });

  it('signing out on A closes that session’s socket on B at once, and the last one closes B’s mail connections', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const owner = await createUser('scale-revoke');
    const stolen = new HttpClient(a.base);
    await stolen.signIn(owner.email, owner.password);
    const laptop = new HttpClient(b.base);
    await laptop.signIn(owner.email, owner.password);
    // the stolen cookie is used on B; the owner's laptop is on B too
    const thief = await connectSocket(b.base, stolen.cookieHeader());
    const own = await connectSocket(b.base, laptop.cookieHeader());
    sockets.push(thief, own);
    await waitFor(async () => own.of('account.stateChanged').at(-1)?.state === 'live', 'laptop live', 20_000);
    const thiefGone = new Promise<string>((resolve) => thief.socket.once('disconnect', resolve));

    const signedOutAt = performance.now();
    expect((await stolen.request('POST', apiRoutes.signOut)).status).toBe(204);
    expect(await thiefGone).toBe('io server disconnect');
    console.log(
      `scale-out: sign-out on A → socket on B closed after ${Math.round(performance.now() - signedOutAt)} ms`,
    );
    expect(own.socket.connected).toBe(true);

    // the owner signs out on A as well: no session is left, B logs out of IMAP
    const ownGone = new Promise<string>((resolve) => own.socket.once('disconnect', resolve));
    const onA = new HttpClient(a.base);
    for (const [k, v] of laptop.cookies) onA.cookies.set(k, v);
    onA.csrfToken = laptop.csrfToken;
    expect((await onA.request('POST', apiRoutes.signOut)).status).toBe(204);
    expect(await ownGone).toBe('io server disconnect');
    await waitFor(async () => imapConnections(owner.email) === 0, 'no IMAP connection left', 20_000);
    for (const l of [a, b].flatMap(leaseLogs)) otherUsers.add(l.userId);
  });

  it('a same-password sign-in on B after an SMTP 535 brings the devices on A and B back live, though A runs the session', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const fay = await createUser('scale-535');
    const to = await createUser('scale-535-to');
    const name = fay.email.split('@')[0]!;
    const live = (s: TestSocket, from = 0) => s.of('account.stateChanged').slice(from).at(-1)?.state === 'live';
    const onA = new HttpClient(a.base);
    await onA.signIn(fay.email, fay.password);
    const laptop = await connectSocket(a.base, onA.cookieHeader());
    sockets.push(laptop);
    await waitFor(async () => live(laptop), 'laptop live', 20_000);
    // A took the lease with the first device; the phone on B is told A's state through the adapter
    const onB = new HttpClient(b.base);
    await onB.signIn(fay.email, fay.password);
    const phone = await connectSocket(b.base, onB.cookieHeader());
    sockets.push(phone);
    await waitFor(async () => live(phone), 'phone live', 20_000);

    // SMTP auth is briefly broken for this login: the queued message meets a 535 (on A's or B's outbox worker)
    await promisify(execFile)('bash', [addUser, name, `${name}-broken`]);
    const item = await onB.json<OutboxItem>(
      'POST',
      apiRoutes.outbox(onB.accountId),
      draftTo(to.email, { subject: 'Scale 535' }),
    );
    const reauth = (s: TestSocket) => s.of('account.stateChanged').at(-1)?.state === 'reauth';
    await waitFor(async () => reauth(laptop) && reauth(phone), 'both devices asked for the password', 20_000);
    const asked = [laptop.of('account.stateChanged').length, phone.of('account.stateChanged').length] as const;
    await promisify(execFile)('bash', [addUser, name, fay.password]);

    // the password dialog signs in on B with the same password; A runs the session and must hear of it
    const dialog = new HttpClient(b.base);
    await dialog.signIn(fay.email, fay.password);
    const signedInAt = performance.now();
    await waitFor(async () => live(laptop, asked[0]) && live(phone, asked[1]), 'both devices live again', 20_000);
    console.log(
      `scale-out: same-password sign-in on B → devices live after ${Math.round(performance.now() - signedInAt)} ms`,
    );
    expect(leaseTakenBy(servers)).toEqual([a]); // the session ran on A throughout

    const sent = await waitFor(async () => {
      const row = (await dialog.json<OutboxList>('GET', apiRoutes.outbox(dialog.accountId))).items.find(
        (i) => i.id === item.id,
      );
      return row?.state === 'sent' ? row : undefined;
    }, 'the message sent');
    expect(sent.error).toBeNull();
    expect(await waitForMessage(to, 'INBOX', item.messageId)).toHaveLength(1);
    expect(await findByMessageId(fay, 'Sent', item.messageId)).toHaveLength(1);
    for (const l of [a, b].flatMap(leaseLogs)) otherUsers.add(l.userId);
  });

  it('pushes to devices on both instances from one watcher, and a killed holder is taken over with nothing missed', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    // signed in on A; the same cookie works on B (sessions in PostgreSQL, same SESSION_SECRET)
    const onA = new HttpClient(a.base);
    const accountId = await onA.signIn(user.email, user.password);
    const onB = new HttpClient(b.base);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    onB.csrfToken = onA.csrfToken;

    const laptop = await connectSocket(a.base, onA.cookieHeader());
    sockets.push(laptop);
    await waitFor(async () => laptop.of('account.stateChanged').at(-1)?.state === 'live', 'laptop live', 20_000);
    const phone = await connectSocket(b.base, onB.cookieHeader());
    sockets.push(phone);
    // B does not hold the lease: A's session tells the new device its state through the adapter
    await waitFor(async () => phone.of('account.stateChanged').at(-1)?.state === 'live', 'phone live', 20_000);
    expect(leaseTakenBy(servers)).toEqual([a]);

    await deliver({ to: user.email, subject: 'Scale one', text: 'one' });
    await waitFor(async () => uidsAdded(laptop).length === 1, 'laptop: message.added', 20_000);
    await waitFor(async () => uidsAdded(phone).length === 1, 'phone: message.added', 20_000);
    // one watcher: the holder emitted once, so each device got the event once
    expect(uidsAdded(laptop)).toEqual(uidsAdded(phone));

    const before = await onB.json<MailboxChanges>('GET', apiRoutes.changes(accountId, 'INBOX'));

    // kill -9 the holder, deliver while nobody watches; B takes over within the lease time
    const killedAt = performance.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await deliver({ to: user.email, subject: 'Scale two', text: 'two' });
    await waitFor(async () => leaseTakenBy([b]).length === 1, 'B takes the lease', LEASE_MS * 2 + 10_000);
    const takenMs = Math.round(performance.now() - killedAt);
    await waitFor(
      async () => {
        const states = phone.of('account.stateChanged').map((s) => s.state);
        return states.lastIndexOf('reconnecting') > 0 && states.at(-1) === 'live';
      },
      'phone: reconnecting, then live again',
      20_000,
    );
    const liveMs = Math.round(performance.now() - killedAt);
    console.log(`scale-out: lease ${LEASE_MS} ms; taken over after ${takenMs} ms, live again after ${liveMs} ms`);

    // what arrived while the holder was dead: the resync by difference the 'live' triggers in the web app
    const missed = await onB.json<MailboxChanges>(
      'GET',
      `${apiRoutes.changes(accountId, 'INBOX')}?since=${encodeURIComponent(before.syncToken)}`,
    );
    expect(missed.reset).toBe(false);
    expect(missed.added.map((m) => m.subject)).toEqual(['Scale two']);

    // pushes resume from B's watcher
    const seen = uidsAdded(phone).length;
    await deliver({ to: user.email, subject: 'Scale three', text: 'three' });
    await waitFor(async () => uidsAdded(phone).length > seen, 'phone: message.added from B', 20_000);
    expect(uidsAdded(phone)).toHaveLength(seen + 1);

    // A comes back; B, now the holder, shuts down gracefully (SIGTERM): it releases the lease, A takes it
    const a2 = await startServer(envOf(1));
    servers.push(a2);
    const desktop = await connectSocket(a2.base, onA.cookieHeader());
    sockets.push(desktop);
    await waitFor(async () => desktop.of('account.stateChanged').at(-1)?.state === 'live', 'desktop live', 20_000);
    const statesBefore = desktop.of('account.stateChanged').length;
    const termAt = performance.now();
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    await waitFor(async () => leaseTakenBy([a2]).length === 1, 'A takes the lease from B', LEASE_MS * 2 + 10_000);
    await waitFor(
      async () => {
        const states = desktop
          .of('account.stateChanged')
          .slice(statesBefore)
          .map((x) => x.state);
        return states.includes('reconnecting') && states.at(-1) === 'live';
      },
      'desktop: reconnecting, then live on the new holder',
      20_000,
    );
    console.log(
      `scale-out: SIGTERM of the holder → live on the other after ${Math.round(performance.now() - termAt)} ms`,
    );
    await deliver({ to: user.email, subject: 'Scale four', text: 'four' });
    await waitFor(async () => uidsAdded(desktop).length === 1, 'desktop: message.added from A', 20_000);
  });
});
