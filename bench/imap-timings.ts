import type { ImapFlow } from 'imapflow';
import { repeat, summarize, type Summary } from './stats.ts';

const PAGE = 50;

/** What the webmail does over IMAP, timed with imapflow alone: the floor Pigeon adds its cost to. */
export async function imapBaseline(connect: () => Promise<ImapFlow>, runs: number): Promise<Record<string, Summary>> {
  const login = await repeat(runs, async () => {
    const t0 = performance.now();
    const c = await connect(); // TCP, STARTTLS, LOGIN, CAPABILITY
    const t = performance.now() - t0;
    await c.logout();
    return t;
  });

  const client = await connect();
  try {
    const firstPage = await repeat(runs, async () => {
      if (client.mailbox) await client.mailboxClose();
      const t0 = performance.now();
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      const from = Math.max(1, box.exists - PAGE + 1);
      for await (const _msg of client.fetch(`${from}:*`, { uid: true, envelope: true, flags: true, size: true }));
      return performance.now() - t0;
    });

    const box = client.mailbox;
    if (!box) throw new Error('INBOX not selected');
    const nextPage = await repeat(runs, async (i) => {
      const to = box.exists - PAGE * (i + 1);
      const t0 = performance.now();
      for await (const _msg of client.fetch(`${Math.max(1, to - PAGE + 1)}:${to}`, {
        uid: true,
        envelope: true,
        flags: true,
        size: true,
      }));
      return performance.now() - t0;
    });

    const fullMessage = await repeat(runs, async (i) => {
      const t0 = performance.now();
      const msg = await client.fetchOne(String(box.exists - i), { uid: true, source: true, bodyStructure: true });
      if (!msg || !msg.source) throw new Error('empty message');
      return performance.now() - t0;
    });

    return {
      'IMAP login (STARTTLS)': summarize(login),
      'SELECT + FETCH newest 50 envelopes': summarize(firstPage),
      'FETCH next 50 envelopes': summarize(nextPage),
      'FETCH one full message': summarize(fullMessage),
    };
  } finally {
    await client.logout();
  }
}
