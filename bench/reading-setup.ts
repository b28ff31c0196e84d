// What bench/reader.ts (Chromium) and bench/reading-server.ts (app.inject) share: the 50,000-message INBOX, the
// newest UIDs, the IMAP baseline (FETCH BODY.PEEK[TEXT] on imapflow's own connection) and the machine's load.
import os from 'node:os';
import { imapClient, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import { repeat, summarize, type Summary } from './stats.ts';

/** The 1, 5 and 15 minute load averages, rounded (2 cores shared: read every number beside these). */
export const machineLoad = (): number[] => os.loadavg().map((l) => Math.round(l * 100) / 100);

export async function inboxCount(user: MailUser): Promise<number> {
  const client = await imapClient(user);
  try {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

/** Seeds `user`'s INBOX with `count` messages unless it already holds that many (seeded once, then kept). */
export async function ensureLargeInbox(user: MailUser, count: number): Promise<void> {
  const had = await inboxCount(user);
  if (had >= count) return;
  console.error(`[bench] seeding ${count} messages into ${user.email} (had ${had})`);
  await seedMailbox(user, count, { inboxOnly: true, precache: true, reset: true });
}

/** The UIDs of the newest `n` INBOX messages, newest first. */
export async function newestUids(user: MailUser, n: number): Promise<number[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      const exists = client.mailbox ? client.mailbox.exists : 0;
      const out: number[] = [];
      for await (const m of client.fetch(`${Math.max(1, exists - n + 1)}:*`, { uid: true })) out.push(m.uid);
      return out.reverse();
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** The floor: imapflow on its own connection fetching each message's text, `runs` times over `uids`. */
export async function imapTextFetch(user: MailUser, uids: number[], runs = uids.length): Promise<Summary> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      return summarize(
        await repeat(runs, async (i) => {
          const t0 = performance.now();
          const msg = await client.fetchOne(
            String(uids[i % uids.length]),
            { uid: true, bodyParts: ['TEXT'] },
            { uid: true },
          );
          if (!msg || !msg.bodyParts?.get('text')?.length) throw new Error('empty text');
          return performance.now() - t0;
        }),
      );
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
