// What the 50,000-message benches share (search.ts, conversations.ts): user001's INBOX seeded once, the machine's
// load printed beside the numbers, and Pigeon's operation timed against the server's own command in one run,
// alternating who goes first so neither always meets a warmer cache.
import os from 'node:os';
import type { ImapFlow } from 'imapflow';
import { ensureMailFixture, fixtureUser, imapClient, seedMailbox } from '@pigeon/mail-fixture';

/** The 1/5/15-minute load averages, for the line beside the numbers. */
export const loadAverages = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Milliseconds `fn` took. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A signed-in client of user001, whose INBOX holds at least `messages` (seeded when it holds fewer). */
export async function bigInboxClient(messages: number): Promise<ImapFlow> {
  await ensureMailFixture();
  const user = fixtureUser('user001');
  const probe = await imapClient(user);
  const status = await probe.status('INBOX', { messages: true });
  await probe.logout();
  if ((status ? (status.messages ?? 0) : 0) < messages) {
    console.error(`[bench] seeding ${messages} messages into ${user.email}`);
    await seedMailbox(user, messages, { inboxOnly: true, precache: true, reset: true });
  }
  return imapClient(user);
}

/** `runs` timings of Pigeon's side and the server's (the baseline), alternating which goes first. */
export async function alternate(
  runs: number,
  ours: (i: number) => Promise<unknown>,
  theirs: (i: number) => Promise<unknown>,
): Promise<{ pigeon: number[]; server: number[] }> {
  const pigeon: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      server.push(await time(() => theirs(i)));
      pigeon.push(await time(() => ours(i)));
    } else {
      pigeon.push(await time(() => ours(i)));
      server.push(await time(() => theirs(i)));
    }
  }
  return { pigeon, server };
}
