// `tsx largest.ts`: "free up space" on a 50,000-message INBOX (decision 022). The server's own
// `UID SORT (REVERSE SIZE)` is the baseline; then Pigeon's largest-50 with SORT, the fallback for servers without
// SORT (one FETCH 1:* RFC822.SIZE ranked in Node), the whole row fetch, and folder sizes with and without STATUS=SIZE.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ImapFlow } from 'imapflow';
import { createUser, ensureMailFixture, imapClient, seedMailbox } from '@pigeon/mail-fixture';
import { largestInMailbox } from '../apps/server/src/imap/largest.ts';
import { folderSizes, largestMessages } from '../apps/server/src/mail/imap/capacity.ts';
import { FolderSizeCache } from '../apps/server/src/mail/imap/folder-size-cache.ts';
import { repeat, summarize } from './stats.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 10));

interface Exec {
  exec(c: string, a: unknown[], o?: object): Promise<{ next(): void }>;
}
const atom = (value: string) => ({ type: 'ATOM', value });

/** The raw SORT, answer discarded: what the server itself takes. */
async function rawSort(client: ImapFlow): Promise<number> {
  const t0 = performance.now();
  const r = await (client as unknown as Exec).exec(
    'UID SORT',
    [[atom('REVERSE'), atom('SIZE')], atom('UTF-8'), atom('ALL')],
    { untagged: { SORT: async () => {} } },
  );
  r.next();
  return performance.now() - t0;
}

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

async function main(): Promise<void> {
  await ensureMailFixture();
  // BENCH_LARGEST_USER=<name>: a user an earlier run seeded (password <name>-pw), to skip seeding 50k again
  const reuse = process.env.BENCH_LARGEST_USER;
  const user = reuse
    ? { email: `${reuse}@school.test`, password: `${reuse}-pw`, login: `${reuse}@school.test` }
    : await createUser('bench-largest');
  if (!reuse) {
    const t0 = performance.now();
    await seedMailbox(user, MESSAGES, { inboxOnly: true, precache: true });
    console.log(`seeded ${MESSAGES} messages into ${user.email} in ${Math.round(performance.now() - t0)} ms`);
  }
  const client = await imapClient(user);
  const plain = await imapClient(user);
  plain.capabilities.delete('SORT');
  plain.capabilities.delete('STATUS=SIZE');
  try {
    // first SORT by size builds Dovecot's sort index; report it apart
    await client.mailboxOpen('INBOX');
    const firstSort = await rawSort(client);
    const baseline = await repeat(RUNS, () => rawSort(client));
    const withSort = await repeat(RUNS, () => timed(() => largestInMailbox(client, 50)));
    await plain.mailboxOpen('INBOX');
    const fallback = await repeat(RUNS, () => timed(() => largestInMailbox(plain, 50)));
    await client.mailboxClose();
    await plain.mailboxClose();
    const rows = await repeat(RUNS, () => timed(() => largestMessages({ client, path: 'INBOX', limit: 50 })));
    const allFolders = await repeat(RUNS, () => timed(() => largestMessages({ client, limit: 50 })));
    const cache = new FolderSizeCache();
    const statusSize = await repeat(RUNS, () => timed(() => folderSizes({ client, cache, owner: 'b' })));
    const computedFirst = await timed(() => folderSizes({ client: plain, cache, owner: 'b' }));
    const computedCached = await repeat(RUNS, () => timed(() => folderSizes({ client: plain, cache, owner: 'b' })));
    const uncached = await repeat(Math.min(RUNS, 5), () =>
      timed(() => folderSizes({ client: plain, cache: new FolderSizeCache(), owner: 'b' })),
    );
    const table = {
      'server: first UID SORT (REVERSE SIZE) (builds its index)': summarize([firstSort]),
      'server: UID SORT (REVERSE SIZE) ALL [baseline]': summarize(baseline),
      'largest 50 UIDs: SORT + FETCH 50 sizes': summarize(withSort),
      'largest 50 UIDs: no SORT, SEARCH LARGER narrowing + FETCH sizes': summarize(fallback),
      'largest 50 rows of INBOX (select, SORT, FETCH summaries)': summarize(rows),
      'largest 50 rows of all folders': summarize(allFolders),
      'folder sizes: LIST-STATUS with SIZE': summarize(statusSize),
      'folder sizes: computed (no STATUS=SIZE), first': summarize([computedFirst]),
      'folder sizes: computed, cached': summarize(computedCached),
      'folder sizes: computed, no cache': summarize(uncached),
    };
    console.log(
      `\nlargest messages on a ${MESSAGES}-message INBOX, ${RUNS} runs; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('ms'.padStart(72) + ' median     p95     min     max');
    for (const [name, s] of Object.entries(table))
      console.log(
        `${name.padEnd(70)} ${String(s.median).padStart(7)} ${String(s.p95).padStart(7)} ${String(s.min).padStart(7)} ${String(s.max).padStart(7)}`,
      );
  } finally {
    await client.logout();
    await plain.logout();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
