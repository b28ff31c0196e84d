import { EventEmitter } from 'node:events';
import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { AuthedSession } from '../core/auth.types.ts';
import { AppError } from '../core/app-error.ts';
import { AccountConnections } from './account-connections.ts';

class FakeClient extends EventEmitter {
  usable = true;
  loggedOut = false;
  locks: string[] = [];
  released = 0;
  mailbox: { path: string; uidValidity: bigint } | false = false;
  async getMailboxLock(path: string) {
    this.locks.push(path);
    this.mailbox = { path, uidValidity: path === 'INBOX' ? 7n : 9n };
    return { path, release: () => void this.released++ };
  }
  noops = 0;
  async noop() {
    this.noops++;
  }
  async logout() {
    this.loggedOut = true;
    this.drop();
  }
  close() {
    this.drop();
  }
  drop() {
    if (!this.usable) return;
    this.usable = false;
    this.emit('close');
  }
}

const account = {
  id: 'acc-1',
  protocol: 'imap',
  email: 'a@x.test',
  login: 'a@x.test',
  password: 'pw',
  incoming: { host: '127.0.0.1', port: 1, tls: 'none' },
  smtp: { host: '127.0.0.1', port: 2, tls: 'none' },
};
// each user has one account here, so a user's connection is their account's
const auth = (sessionId: string, userId = 'u1') =>
  ({ sessionId, userId, email: 'a@x.test', account: { ...account, id: `acc-${userId}` } }) as unknown as AuthedSession;

function setup(opts: { failures?: number } = {}) {
  const clients: FakeClient[] = [];
  let failures = opts.failures ?? 0;
  let now = 0;
  const sessions = new AccountConnections({
    connect: async () => {
      if (failures > 0) {
        failures--;
        throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
      }
      const c = new FakeClient();
      clients.push(c);
      return c as unknown as ImapFlow;
    },
    backoff: (attempt) => 1000 * attempt,
    now: () => now,
  });
  return { sessions, clients, advance: (ms: number) => void (now += ms) };
}

const noop = async () => 'ok';

describe('AccountConnections', () => {
  it('opens one connection per account, shared by the sessions holding it', async () => {
    const { sessions, clients } = setup();
    await Promise.all([
      sessions.withClient(auth('s1'), noop),
      sessions.withClient(auth('s2'), noop),
      sessions.withClient(auth('s1'), noop),
    ]);
    expect(clients).toHaveLength(1);
    await sessions.withClient(auth('s3', 'u2'), noop);
    expect(clients).toHaveLength(2);
    expect(sessions.accountCount).toBe(2);
  });

  it('runs mailbox work under the mailbox lock and releases it even when the work fails', async () => {
    const { sessions, clients } = setup();
    await expect(
      sessions.withMailbox(auth('s1'), 'INBOX', async () => {
        throw new Error('boom');
      }),
    ).rejects.toMatchObject({ code: 'mail.operation_failed' });
    expect(clients[0]?.locks).toEqual(['INBOX']);
    expect(clients[0]?.noops).toBe(1);
    expect(clients[0]?.released).toBe(1);
  });

  it("remembers each folder's UIDVALIDITY from the last time its lock was held, per account", async () => {
    const { sessions } = setup();
    expect(sessions.generationOf('acc-u1', 'INBOX')).toBeUndefined();
    await sessions.withMailbox(auth('s1'), 'INBOX', noop);
    await sessions.withMailbox(auth('s1'), 'Sent', noop);
    expect(sessions.generationOf('acc-u1', 'INBOX')).toBe(7n);
    expect(sessions.generationOf('acc-u1', 'Sent')).toBe(9n);
    expect(sessions.generationOf('acc-u2', 'INBOX')).toBeUndefined();
    await sessions.release('s1');
    expect(sessions.generationOf('acc-u1', 'INBOX')).toBeUndefined();
  });

  it('reconnects on the next request after the connection closed', async () => {
    const { sessions, clients } = setup();
    await sessions.withClient(auth('s1'), noop);
    clients[0]?.drop();
    await sessions.withClient(auth('s1'), noop);
    expect(clients).toHaveLength(2);
  });

  it('retries once on a fresh connection when a reused one turns out dead', async () => {
    const { sessions, clients } = setup();
    await sessions.withClient(auth('s1'), noop);
    let calls = 0;
    const result = await sessions.withClient(auth('s1'), async (client) => {
      calls++;
      if (client === (clients[0] as unknown)) throw Object.assign(new Error('gone'), { code: 'NoConnection' });
      return 'second';
    });
    expect(result).toBe('second');
    expect(calls).toBe(2);
  });

  it('retries once when a new connection dies under its first command', async () => {
    const { sessions, clients } = setup();
    let calls = 0;
    const result = await sessions.withClient(auth('s1'), async (client) => {
      calls++;
      if (client === (clients[0] as unknown)) throw Object.assign(new Error('gone'), { code: 'NoConnection' });
      return 'second';
    });
    expect(result).toBe('second');
    expect(calls).toBe(2);
    expect(clients).toHaveLength(2);
  });

  it('does not retry a second time when the new connection dies too', async () => {
    const { sessions } = setup();
    let calls = 0;
    const dead = sessions.withClient(auth('s1'), async () => {
      calls++;
      throw Object.assign(new Error('gone'), { code: 'NoConnection' });
    });
    await expect(dead).rejects.toMatchObject({ code: 'mail.server_unreachable' });
    expect(calls).toBe(2);
  });

  it('backs off after failed connects instead of hammering the server', async () => {
    const { sessions, clients, advance } = setup({ failures: 1 });
    await expect(sessions.withClient(auth('s1'), noop)).rejects.toMatchObject({ code: 'mail.server_unreachable' });
    await expect(sessions.withClient(auth('s1'), noop)).rejects.toMatchObject({ code: 'mail.server_unreachable' });
    expect(clients).toHaveLength(0);
    advance(1000);
    await expect(sessions.withClient(auth('s1'), noop)).resolves.toBe('ok');
    expect(clients).toHaveLength(1);
  });

  it('a device with an outdated password does not lock out the device that has the new one', async () => {
    const clients: FakeClient[] = [];
    const sessions = new AccountConnections({
      connect: async (acc) => {
        if (acc.password !== 'new-pw') throw new AppError(401, 'auth.invalid_credentials', 'wrong password');
        const c = new FakeClient();
        clients.push(c);
        return c as unknown as ImapFlow;
      },
      backoff: () => 60_000,
      now: () => 0,
    });
    const stale = { ...auth('old-device'), account: { ...auth('x').account, password: 'old-pw' } } as AuthedSession;
    const fresh = { ...auth('new-device'), account: { ...auth('x').account, password: 'new-pw' } } as AuthedSession;
    await expect(sessions.withClient(stale, noop)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(sessions.withClient(fresh, noop)).resolves.toBe('ok');
    expect(clients).toHaveLength(1);
  });

  it('logs out only when the last session of the user is released', async () => {
    const { sessions, clients } = setup();
    await sessions.withClient(auth('s1'), noop);
    await sessions.withClient(auth('s2'), noop);
    await sessions.release('s1');
    expect(clients[0]?.loggedOut).toBe(false);
    await sessions.release('s2');
    expect(clients[0]?.loggedOut).toBe(true);
    expect(sessions.accountCount).toBe(0);
    await sessions.release('unknown');
  });

  it('closeAll logs out every user and refuses new work', async () => {
    const { sessions, clients } = setup();
    await sessions.withClient(auth('s1'), noop);
    await sessions.withClient(auth('s2', 'u2'), noop);
    await sessions.closeAll();
    expect(clients.every((c) => c.loggedOut)).toBe(true);
    await expect(sessions.withClient(auth('s1'), noop)).rejects.toMatchObject({ code: 'mail.server_unreachable' });
  });

  it('adopts the connection a sign-in logged in with: the first request opens none of its own', async () => {
    const { sessions, clients } = setup();
    const signedIn = new FakeClient();
    await sessions.adopt(auth('s1'), signedIn as unknown as ImapFlow);
    let used: unknown = null;
    await sessions.withMailbox(auth('s1'), 'INBOX', async (client) => (used = client));
    expect(used).toBe(signedIn);
    expect(clients).toHaveLength(0);
    // it belongs to the account like any other: a new one after it closes, LOGOUT when the last session goes
    signedIn.drop();
    await sessions.withClient(auth('s1'), noop);
    expect(clients).toHaveLength(1);
    await sessions.release('s1');
    expect(clients[0]?.loggedOut).toBe(true);
  });

  it('logs the offered connection out when the account already has one (or is closing)', async () => {
    const { sessions, clients } = setup();
    await sessions.withClient(auth('s1'), noop);
    const second = new FakeClient();
    await sessions.adopt(auth('s2'), second as unknown as ImapFlow);
    expect(second.loggedOut).toBe(true);
    expect(clients[0]?.loggedOut).toBe(false);
    await sessions.closeAll();
    const late = new FakeClient();
    await sessions.adopt(auth('s3'), late as unknown as ImapFlow);
    expect(late.loggedOut).toBe(true);
  });
});
