import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { AuthedSession } from '../core/auth.types.ts';
import { AppError } from '../core/app-error.ts';
import { DownloadConnections } from './download-connections.ts';

class FakeClient {
  usable = true;
  loggedOut = false;
  closed = false;
  opened: { path: string; readOnly: boolean } | null = null;
  constructor(private readonly uidValidity: bigint) {}
  async mailboxOpen(path: string, opts: { readOnly: boolean }) {
    this.opened = { path, readOnly: opts.readOnly };
    return { path, uidValidity: this.uidValidity };
  }
  async logout() {
    this.loggedOut = true;
    this.usable = false;
  }
  close() {
    this.closed = true;
    this.usable = false;
  }
}

const auth = (userId: string) =>
  ({ sessionId: 's', userId, email: 'a@x.test', account: { id: `acc-${userId}` } }) as unknown as AuthedSession;

function setup(perUser: number, opts: { uidValidity?: bigint; refuse?: boolean } = {}) {
  const clients: FakeClient[] = [];
  const downloads = new DownloadConnections({
    perUser,
    connect: async () => {
      if (opts.refuse) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
      const c = new FakeClient(opts.uidValidity ?? 7n);
      clients.push(c);
      return c as unknown as ImapFlow;
    },
  });
  return { downloads, clients };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof AppError ? err.code : String(err)),
  );

describe('DownloadConnections', () => {
  it('runs each download on a new connection, folder opened read-only, logged out when the work settles', async () => {
    const { downloads, clients } = setup(2);
    const result = await downloads.withMailbox(auth('u1'), 'INBOX', 7n, async (client) => {
      expect(downloads.activeOf('u1')).toBe(1);
      return (client as unknown as FakeClient).opened;
    });
    expect(result).toEqual({ path: 'INBOX', readOnly: true });
    expect(clients).toHaveLength(1);
    expect(clients[0]!.loggedOut).toBe(true);
    expect(clients[0]!.closed).toBe(true);
    expect(downloads.activeOf('u1')).toBe(0);
  });

  it('refuses a download past the per-user cap with 429 message.too_many_downloads; other users are not counted', async () => {
    const { downloads } = setup(1);
    let finish!: () => void;
    const held = downloads.withMailbox(auth('u1'), 'INBOX', null, () => new Promise<void>((r) => (finish = r)));
    await expect.poll(() => downloads.activeOf('u1')).toBe(1);
    expect(await codeOf(downloads.withMailbox(auth('u1'), 'INBOX', null, async () => 1))).toBe(
      'message.too_many_downloads',
    );
    expect(await downloads.withMailbox(auth('u2'), 'INBOX', null, async () => 2)).toBe(2);
    finish();
    await held;
    expect(await downloads.withMailbox(auth('u1'), 'INBOX', null, async () => 3)).toBe(3);
  });

  it('frees the slot when the work fails, the connection is refused, or the folder changed its UIDVALIDITY', async () => {
    const { downloads, clients } = setup(1, { uidValidity: 9n });
    expect(
      await codeOf(
        downloads.withMailbox(auth('u1'), 'INBOX', null, async () => {
          throw new AppError(404, 'message.attachment_not_found', 'gone');
        }),
      ),
    ).toBe('message.attachment_not_found');
    expect(await codeOf(downloads.withMailbox(auth('u1'), 'INBOX', 7n, async () => 1))).toBe('message.not_found');
    expect(clients.every((c) => c.closed)).toBe(true);
    expect(downloads.activeOf('u1')).toBe(0);
    const refused = setup(1, { refuse: true }).downloads;
    expect(await codeOf(refused.withMailbox(auth('u1'), 'INBOX', null, async () => 1))).toBe('mail.server_unreachable');
    expect(refused.activeOf('u1')).toBe(0);
  });

  it('closes the connections in flight at app close and refuses new ones', async () => {
    const { downloads, clients } = setup(2);
    let finish!: () => void;
    const held = downloads.withMailbox(auth('u1'), 'INBOX', null, () => new Promise<void>((r) => (finish = r)));
    await expect.poll(() => clients.length).toBe(1);
    downloads.closeAll();
    expect(clients[0]!.closed).toBe(true);
    expect(await codeOf(downloads.withMailbox(auth('u1'), 'INBOX', null, async () => 1))).toBe(
      'mail.server_unreachable',
    );
    finish();
    await held;
    expect(downloads.activeOf('u1')).toBe(0);
  });
});
