// The fixture against the real servers: what tests elsewhere rely on (fresh users, delivery, APPEND, seeding).
import type { ImapFlow } from 'imapflow';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  appendMessage,
  createUser,
  deliver,
  ensureMailFixture,
  imapClient,
  mailFixture,
  seedMailbox,
  setUserQuota,
  startDovecot,
  stopDovecot,
  type MailUser,
} from './index.ts';

async function subjectsIn(client: ImapFlow, mailbox: string): Promise<string[]> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    // an already-selected mailbox keeps its old EXISTS until a command lets the server report news
    await client.noop();
    if (!client.mailbox || client.mailbox.exists === 0) return [];
    return (await client.fetchAll('1:*', { envelope: true })).map((m) => m.envelope?.subject ?? '');
  } finally {
    lock.release();
  }
}

async function messageCount(client: ImapFlow, mailbox: string): Promise<number | undefined> {
  const status = await client.status(mailbox, { messages: true });
  return status ? status.messages : undefined;
}

describe('mail fixture', () => {
  let user: MailUser;
  let client: ImapFlow;

  beforeAll(async () => {
    await ensureMailFixture(); // already up from global setup: must be a quick no-op
    user = await createUser('fixture');
    client = await imapClient(user);
  });
  afterAll(async () => {
    await client?.logout().catch(() => client.close());
  });

  it('creates a fresh user who can log in over IMAP', async () => {
    expect(user.email).toMatch(/^t-fixture-[0-9a-f]+@school\.test$/);
    expect(client.authenticated).toBeTruthy();
    expect(await messageCount(client, 'INBOX')).toBe(0);
  });

  it('a limit changed right after the user was made is the one the next login reads (same file size, maybe the same second)', async () => {
    const limited = await createUser('quota-set', { quota: '200K' });
    await setUserQuota(limited, '100K');
    const other = await imapClient(limited);
    try {
      const quota = await other.getQuota('INBOX');
      expect(quota && quota.storage?.limit).toBe(100 * 1024);
    } finally {
      await other.logout();
    }
  });

  it('delivers through the MX port into the INBOX', async () => {
    const subject = `Delivered 배달 ${Date.now()}`;
    const { messageId } = await deliver({ to: user.email, subject, text: 'hello' });
    expect(messageId).toMatch(/^<.+@.+>$/);
    await expect.poll(() => subjectsIn(client, 'INBOX'), { timeout: 10_000, interval: 100 }).toContain(subject);
  });

  it('delivers a raw message and reports the Message-ID it was given', async () => {
    const subject = `Raw ${Date.now()}`;
    const raw = `From: Raw Sender <raw@example.com>\r\nTo: ${user.email}\r\nSubject: ${subject}\r\n\r\nbody\r\n`;
    const { messageId } = await deliver({ to: user.email, raw });
    await expect
      .poll(
        async () => {
          const lock = await client.getMailboxLock('INBOX');
          try {
            return await client.search({ header: { 'message-id': messageId } }, { uid: true });
          } finally {
            lock.release();
          }
        },
        { timeout: 10_000, interval: 100 },
      )
      .toHaveLength(1);
  });

  it('appends into a Korean-named folder', async () => {
    const folder = '가정통신문/3월';
    await client.mailboxCreate(folder);
    const raw = `From: a@example.com\r\nTo: ${user.email}\r\nSubject: 학부모 상담 안내\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n안녕하세요\r\n`;
    const { uid } = await appendMessage(user, folder, raw, ['\\Seen']);
    expect(uid).toBeGreaterThan(0);
    const lock = await client.getMailboxLock(folder);
    try {
      const msg = await client.fetchOne(String(uid), { envelope: true, flags: true }, { uid: true });
      expect(msg && msg.envelope?.subject).toBe('학부모 상담 안내');
      expect(msg && [...(msg.flags ?? [])]).toContain('\\Seen');
    } finally {
      lock.release();
    }
  });

  it('seeds 200 messages and the other folders, including 학교 공지', async () => {
    const seeded = await createUser('seed');
    await seedMailbox(seeded, 200);
    const other = await imapClient(seeded);
    try {
      expect(await messageCount(other, 'INBOX')).toBe(200);
      const paths = (await other.list()).map((m) => m.path);
      expect(paths).toEqual(expect.arrayContaining(['학교 공지', 'Junk', 'Sent', 'Projects/Alpha']));
    } finally {
      await other.logout().catch(() => other.close());
    }
  });

  it('describes itself with IP addresses only', () => {
    expect(mailFixture.host).toBe('127.0.0.1');
    expect(mailFixture.ports.imap).toBe(1143 + Number(process.env.PIGEON_MAIL_PORT_OFFSET || 20_000));
  });
  it('stopDovecot ends every process of the instance, so open IMAP connections close as when a server dies', async () => {
    const own = await createUser('fixture-stop');
    const watcher = await imapClient(own);
    let closed = false;
    watcher.on('close', () => (closed = true));
    await watcher.mailboxOpen('INBOX');
    void watcher.idle().catch(() => {});
    // the imap process serving this connection (its title names the user)
    const serving = () => spawnSync('pgrep', ['-f', `/imap \\[${own.email} `], { encoding: 'utf8' }).stdout.trim();
    expect(serving()).not.toBe('');
    try {
      await stopDovecot();
      // TERM to the master alone left this process serving the connection for ~10 s
      expect(serving()).toBe('');
      await vi.waitFor(() => expect(closed).toBe(true));
    } finally {
      watcher.close();
      await startDovecot();
    }
  });
});
