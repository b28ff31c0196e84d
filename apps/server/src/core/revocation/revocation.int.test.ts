// Sessions end everywhere at once: sign-out, expiry, the admin CLI (another process) and a changed mail password close
// the session's sockets, and the last one to go closes the account's IMAP connections.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createUser, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';
import { repoRoot } from '../../../test/server-process.ts';

const run = promisify(execFile);
const until = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 15_000, interval: 20 });

/** IMAP connections Dovecot has open for this address (`doveadm who`). */
async function imapConnections(email: string): Promise<number> {
  const { stdout } = await run('doveadm', ['-c', path.join(mailFixture.dir, 'dovecot.conf'), 'who', '-1', email]);
  return stdout.split('\n').filter((line) => line.startsWith(`${email} `)).length;
}

/** The reason of the socket's disconnect, once it happens. */
const disconnected = (s: TestSocket) => new Promise<string>((resolve) => s.socket.once('disconnect', resolve));

describe('revocation: ended sessions lose their sockets and mail connections', () => {
  let t: TestApp;
  let url: string;
  const sockets: TestSocket[] = [];
  const connect = async (cookie: string) => {
    const s = await connectSocket(url, cookie);
    sockets.push(s);
    return s;
  };
  const live = (s: TestSocket) => until(() => expect(s.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
  const userIdOf = async (email: string) =>
    (await t.db.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
  const signOut = (who: SignedIn) =>
    t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: who.headers }).then((r) => r.statusCode);
  const sessionStatus = (who: SignedIn) =>
    t.app.inject({ method: 'GET', url: apiRoutes.session, headers: who.headers }).then((r) => r.statusCode);

  beforeAll(async () => {
    t = await buildTestApp();
    url = await listen(t.app);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('signing out closes that session’s sockets at once, not another device’s, and the cookie cannot reconnect', async () => {
    const user = await createUser('rev-out');
    const laptop = await signIn(t.app, user.email, user.password);
    const stolen = await signIn(t.app, user.email, user.password);
    const laptopSocket = await connect(laptop.cookie);
    const stolenSocket = await connect(stolen.cookie);
    await live(stolenSocket);
    const reason = disconnected(stolenSocket);

    expect(await signOut(stolen)).toBe(204);
    expect(await reason).toBe('io server disconnect');
    expect(laptopSocket.socket.connected).toBe(true);
    expect(await sessionStatus(laptop)).toBe(200);
    await expect(connectSocket(url, stolen.cookie)).rejects.toThrow(/auth.not_signed_in/);
  });

  it('closes the account’s IMAP connections when its last session ends, and keeps them while one is left', async () => {
    const user = await createUser('rev-imap');
    const phone = await signIn(t.app, user.email, user.password);
    const laptop = await signIn(t.app, user.email, user.password);
    const laptopSocket = await connect(laptop.cookie);
    await live(laptopSocket);
    // a request on the command connection, next to the live session's watcher
    const boxes = await t.app.inject({
      method: 'GET',
      url: apiRoutes.mailboxes(phone.accountId),
      headers: phone.headers,
    });
    expect(boxes.statusCode).toBe(200);
    const userId = await userIdOf(user.email);
    await until(async () => expect(await imapConnections(user.email)).toBeGreaterThanOrEqual(2));

    expect(await signOut(phone)).toBe(204);
    expect(t.app.live.accountsOf(userId)).toHaveLength(1);
    expect(await imapConnections(user.email)).toBeGreaterThanOrEqual(1);

    expect(await signOut(laptop)).toBe(204);
    expect(t.app.live.accountsOf(userId)).toEqual([]);
    expect(t.app.imap.sessionsOf(userId)).toEqual([]);
    await until(async () => expect(await imapConnections(user.email)).toBe(0));
  });

  it('closes a socket when its session expires, and deletes the session', async () => {
    const user = await createUser('rev-expiry');
    const device = await signIn(t.app, user.email, user.password);
    const userId = await userIdOf(user.email);
    // the session runs out a moment after the socket connects (sign-ins last days; the timer is what is tested)
    await t.db.prisma.session.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() + 1_500) } });
    const socket = await connect(device.cookie);
    const reason = disconnected(socket);
    expect(await reason).toBe('io server disconnect');
    expect(await t.db.prisma.session.count({ where: { userId } })).toBe(0);
    await until(async () => expect(await imapConnections(user.email)).toBe(0));
  });

  it('closes the sockets of every session when the admin CLI (another process) signs the address out', async () => {
    const user = await createUser('rev-admin');
    const [a, b] = [await signIn(t.app, user.email, user.password), await signIn(t.app, user.email, user.password)];
    const [sa, sb] = [await connect(a.cookie), await connect(b.cookie)];
    await live(sa);
    const reasons = Promise.all([disconnected(sa), disconnected(sb)]);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-admin-'));
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'apps/server/src/cli/admin.ts', 'sign-out', user.email],
        {
          cwd: repoRoot,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            DATABASE_URL: inject('databaseUrl'),
            DATA_DIR: dataDir,
          },
        },
      );
      expect(stdout).toContain(`Signed ${user.email} out of 2 session(s).`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(await reasons).toEqual(['io server disconnect', 'io server disconnect']);
    expect(t.app.live.accountsOf(await userIdOf(user.email))).toEqual([]);
    await until(async () => expect(await imapConnections(user.email)).toBe(0));
  });

  it('a sign-in with a changed mail password ends the sessions that hold the old one', async () => {
    const user: MailUser = await createUser('rev-pw');
    const old = await signIn(t.app, user.email, user.password);
    const oldSocket = await connect(old.cookie);
    await live(oldSocket);
    const reason = disconnected(oldSocket);

    // changed at the school; then the owner signs in with the new one (here or on another device)
    const name = user.email.split('@')[0]!;
    await run('bash', [path.join(repoRoot, 'scripts/mail/add-user.sh'), name, `${name}-changed`]);
    const fresh = await signIn(t.app, user.email, `${name}-changed`);

    expect(await reason).toBe('io server disconnect');
    expect(await sessionStatus(old)).toBe(401);
    expect(await sessionStatus(fresh)).toBe(200);
    const freshSocket = await connect(fresh.cookie);
    await live(freshSocket);
    // signing in again with the same password ends nothing
    const again = await signIn(t.app, user.email, `${name}-changed`);
    expect(await sessionStatus(fresh)).toBe(200);
    expect(await sessionStatus(again)).toBe(200);
    expect(freshSocket.socket.connected).toBe(true);
  });

  it('an added account removed on another instance: this instance closes its watcher and connections too', async () => {
    const [owner, second] = await Promise.all([createUser('rev-acc-a'), createUser('rev-acc-b')]);
    const who = await signIn(t.app, owner.email, owner.password);
    const added = await t.app.inject({
      method: 'POST',
      url: apiRoutes.accounts,
      headers: who.headers,
      payload: { email: second.email, password: second.password },
    });
    expect(added.statusCode, added.body).toBe(201);
    const accountId = added.json<{ id: string }>().id;
    const socket = await connect(who.cookie);
    const userId = await userIdOf(owner.email);
    const states = () => socket.events.filter((e) => e.event === 'account.stateChanged').map((e) => e.payload);
    await until(() => expect(states()).toContainEqual({ accountId, state: 'live' }));
    await until(async () => expect(await imapConnections(second.email)).toBeGreaterThan(0));

    // what the other instance does: delete the rows, then notify (this instance's HTTP routes are not involved)
    await t.db.prisma.account.delete({ where: { id: accountId } });
    await t.db.prisma.$executeRawUnsafe(`SELECT pg_notify('pigeon_session_revoked', $1)`, userId);

    await until(() => expect(t.app.live.accountsOf(userId).map((a) => a.accountId)).not.toContain(accountId));
    await until(async () => expect(await imapConnections(second.email)).toBe(0));
    // the person's own account and device are untouched
    expect(t.app.live.accountsOf(userId).map((a) => a.accountId)).toEqual([who.accountId]);
    expect(socket.socket.connected).toBe(true);
    expect(await sessionStatus(who)).toBe(200);
  });
});
