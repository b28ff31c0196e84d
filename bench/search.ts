// `tsx search.ts`: search and sort on a 50,000-message INBOX (decision 020). Pigeon's listing service (SEARCH or
// SORT, then the first page's rows with previews) beside Dovecot's own UID SEARCH / UID SORT in the same run, on
// the same connection, with the search word changing each run so no answer is served from a warm result.
// BENCH_RUNS (default 10), BENCH_MESSAGES (default 50,000; user001's INBOX is seeded when it holds fewer),
// BENCH_ONLY (run only the operations whose name contains it, e.g. "header"). Pigeon's side runs as the route does,
// with the list-order cache (the search word changes every run, so no order is ever served from it) and the row cache
// (the words repeat after 10 runs: from then on a page's rows are cached and only their flags are fetched);
// BENCH_ROW_CACHE=0 leaves the row cache out, so every page reads its rows in full. "+diff" is the median and p95 of
// Pigeon minus the server in the same iteration (the two run back to back), which machine load moves far less than
// either side's own median. The fallback sort (no SORT) is timed per iteration as: Dovecot's UID SORT (baseline), a
// first sort (no values kept), and a sort after one new message arrived (values kept, only the new one fetched);
// "sort field fetch" times one FETCH of every message's From field or size, through imapflow's fetch() and raw.
import os from 'node:os';
import type { ImapFlow } from 'imapflow';
import { listOrder, listViewPage } from '../apps/server/src/mail/imap/list-view-page.ts';
import { ListOrderCache } from '../apps/server/src/mail/list/list-order-cache.ts';
import { SortKeyCache } from '../apps/server/src/mail/list/sort-keys.ts';
import { uidFetchField } from '../apps/server/src/imap/fetch-fields.ts';
import { RowCache } from '../apps/server/src/mail/imap/row-cache.ts';
import { parseListView, searchKeys, sortCriteria } from '../apps/server/src/mail/list/list-view.ts';
import { uidSearch, uidSort } from '../apps/server/src/imap/search-sort.ts';
import type { ListViewQuery } from '../packages/shared/src/index.ts';
import { summarize, type Summary } from './stats.ts';
import { alternate, bigInboxClient, loadAverages as load, time } from './big-inbox.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 10));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const cache = new ListOrderCache();
const rowCache = process.env.BENCH_ROW_CACHE === '0' ? undefined : new RowCache();
// words of the seeded corpus (scripts/mail/lib), a different one per run
const WORDS = [
  'budget',
  'trip',
  'meeting',
  'newsletter',
  'report',
  'science',
  'lunch',
  'invoice',
  'schedule',
  'library',
];
const NAMES = ['bob', 'carol', 'library', 'office', 'frank', 'alice', 'kim', 'news', 'dave', 'school'];

/** Pigeon's first page of `query` and the server's bare command for the same query, alternating who goes first. */
async function pair(
  client: ImapFlow,
  query: (i: number) => ListViewQuery,
  bare: (client: ImapFlow, q: ListViewQuery) => Promise<unknown>,
): Promise<{ pigeon: Summary; server: Summary; diff: Summary }> {
  const { pigeon, server } = await alternate(
    RUNS,
    (i) =>
      listViewPage({
        client,
        path: 'INBOX',
        view: parseListView(query(i)),
        limit: 50,
        cache,
        owner: 'bench',
        rows: rowCache,
      }),
    (i) => bare(client, query(i)),
  );
  return {
    pigeon: summarize(pigeon),
    server: summarize(server),
    diff: summarize(pigeon.map((p, i) => p - server[i]!)),
  };
}

const searchBare = (client: ImapFlow, q: ListViewQuery) => uidSearch(client, searchKeys(parseListView(q)));
const sortBare = (client: ImapFlow, q: ListViewQuery) => {
  const view = parseListView(q);
  return uidSort(client, sortCriteria(view, true), searchKeys(view));
};

/** Removes SORT from the client's capabilities while `fn` runs (the fallback's path). */
async function withoutSort<T>(client: ImapFlow, fn: () => Promise<T>): Promise<T> {
  const caps = client.capabilities as Map<string, boolean | number>;
  const saved = [...caps.entries()].filter(([k]) => k.startsWith('SORT'));
  for (const [k] of saved) caps.delete(k);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) caps.set(k, v);
  }
}

/**
 * The order without the server's SORT, per iteration: Dovecot's own UID SORT (baseline), Pigeon's first sort (no values
 * kept), then one new message is appended and Pigeon sorts again with the values it kept (only the new one fetched).
 */
async function fallbackSort(client: ImapFlow, q: ListViewQuery): Promise<[Summary, Summary, Summary]> {
  const view = parseListView(q);
  const kept = { cache: new SortKeyCache(), owner: 'bench' };
  const server: number[] = [];
  const first: number[] = [];
  const again: number[] = [];
  const added: number[] = [];
  await withoutSort(client, () => listOrder({ client, view, kept }));
  try {
    for (let i = 0; i < RUNS; i++) {
      server.push(await time(() => sortBare(client, q)));
      first.push(
        await time(() =>
          withoutSort(client, () => listOrder({ client, view, kept: { cache: new SortKeyCache(), owner: 'bench' } })),
        ),
      );
      const appended = await client.append(
        'INBOX',
        `From: Bench ${i} <bench@school.test>\r\nSubject: bench ${i}\r\n\r\nx\r\n`,
      );
      if (appended && appended.uid) added.push(appended.uid);
      await client.noop();
      again.push(await time(() => withoutSort(client, () => listOrder({ client, view, kept }))));
    }
  } finally {
    if (added.length) await client.messageDelete(added.join(','), { uid: true });
  }
  return [summarize(server), summarize(first), summarize(again)];
}

/** One FETCH of every message's From field or size: imapflow's fetch() (a message object per answer) against raw. */
async function fieldFetch(client: ImapFlow): Promise<[string, Summary][]> {
  const max = 1_000_000;
  const runs: Record<string, number[]> = {};
  const add = async (name: string, fn: () => Promise<unknown>) => (runs[name] ??= []).push(await time(fn));
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    await add('fetch() From field, imapflow', () =>
      client.fetchAll('1:*', { uid: true, headers: ['from'] }, { uid: true }),
    );
    await add('fetch() ENVELOPE, imapflow', () => client.fetchAll('1:*', { uid: true, envelope: true }, { uid: true }));
    await add('fetch() RFC822.SIZE, imapflow', () => client.fetchAll('1:*', { uid: true, size: true }, { uid: true }));
    await add('From field, raw UID FETCH', () => uidFetchField(client, '1:*', 'from', max));
    await add('RFC822.SIZE, raw UID FETCH', () => uidFetchField(client, '1:*', 'size', max));
  }
  return Object.entries(runs).map(([name, r]) => [name, summarize(r)]);
}

async function main(): Promise<void> {
  const client = await bigInboxClient(MESSAGES);
  const loadBefore = load();
  const rows: [string, Summary, Summary | null, Summary | null][] = [];
  try {
    const box = await client.mailboxOpen('INBOX');
    console.error(`[bench] INBOX holds ${box.exists} messages; ${RUNS} runs each`);
    // one untimed pass fills Dovecot's cache for the header fields searched (a real user's server has them cached)
    await uidSearch(client, searchKeys(parseListView({ subject: 'warm', from: 'warm' })));
    for (const [name, q, bare] of [
      ['search subject (header)', (i: number) => ({ subject: WORDS[i % WORDS.length] }), searchBare],
      ['search from (header)', (i: number) => ({ from: NAMES[i % NAMES.length] }), searchBare],
      ['search body (text, no index)', (i: number) => ({ body: WORDS[i % WORDS.length] }), searchBare],
      ['search everything (TEXT)', (i: number) => ({ q: WORDS[i % WORDS.length] }), searchBare],
      ['sort size, largest first', () => ({ sort: 'size' }), sortBare],
      ['sort sender A-Z', () => ({ sort: 'from' }), sortBare],
      ['unread + sort size', () => ({ sort: 'size', unread: true }), sortBare],
    ] as const) {
      if (!name.includes(ONLY)) continue;
      const { pigeon, server, diff } = await pair(client, q as (i: number) => ListViewQuery, bare);
      rows.push([name, pigeon, server, diff]);
    }
    if ('fallback sort'.includes(ONLY))
      for (const [name, q] of [
        ['size', { sort: 'size' }],
        ['sender', { sort: 'from' }],
      ] as const) {
        const [server, first, again] = await fallbackSort(client, q);
        rows.push([`fallback ${name}: first sort`, first, server, null]);
        rows.push([`fallback ${name}: after new mail`, again, server, null]);
      }
    if ('sort field fetch'.includes(ONLY))
      for (const [name, s] of await fieldFetch(client)) rows.push([name, s, null, null]);
  } finally {
    await client.logout();
  }
  const f = (s: Summary) => `${s.median.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)}`;
  console.log(
    `\nSearch and sort on ${MESSAGES} messages, ${RUNS} runs (ms; p95 = nearest rank), ${os.cpus().length} CPUs`,
  );
  console.log(`loadavg before ${loadBefore}, after ${load()}; row cache ${rowCache ? 'on' : 'off'}`);
  console.log(
    `${'operation'.padEnd(32)} ${'Pigeon med'.padStart(8)} ${'p95'.padStart(8)}   ${'server med'.padStart(8)} ${'p95'.padStart(8)}   +median   +diff med      p95`,
  );
  for (const [name, pigeon, server, diff] of rows)
    console.log(
      `${name.padEnd(32)} ${f(pigeon)}   ${server ? f(server) : '       -        -'}   ${(server ? (pigeon.median - server.median).toFixed(1) : '-').padStart(7)}   ${diff ? f(diff) : ''}`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
