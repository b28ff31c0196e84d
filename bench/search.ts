// `tsx search.ts`: search and sort on a 50,000-message INBOX (decision 020). Pigeon's listing service (SEARCH or
// SORT, then the first page's rows with previews) beside Dovecot's own UID SEARCH / UID SORT in the same run, on
// the same connection, with the search word changing each run so no answer is served from a warm result.
// BENCH_RUNS (default 10), BENCH_MESSAGES (default 50,000; user001's INBOX is seeded when it holds fewer),
// BENCH_ONLY (run only the operations whose name contains it, e.g. "header"). Pigeon's side runs as the route does,
// with the list-order cache (the search word changes every run, so no order is ever served from it) and the row cache
// (the words repeat after 10 runs: from then on a page's rows are cached and only their flags are fetched);
// BENCH_ROW_CACHE=0 leaves the row cache out, so every page reads its rows in full.
import os from 'node:os';
import type { ImapFlow } from 'imapflow';
import { listOrder, listViewPage } from '../apps/server/src/mail/imap/list-view-page.ts';
import { ListOrderCache } from '../apps/server/src/mail/list/list-order-cache.ts';
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
): Promise<{ pigeon: Summary; server: Summary }> {
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
  return { pigeon: summarize(pigeon), server: summarize(server) };
}

const searchBare = (client: ImapFlow, q: ListViewQuery) => uidSearch(client, searchKeys(parseListView(q)));
const sortBare = (client: ImapFlow, q: ListViewQuery) => {
  const view = parseListView(q);
  return uidSort(client, sortCriteria(view, true), searchKeys(view));
};

/** The order without the server's SORT (the fallback: SEARCH, one FETCH of the sort field, sorted here). */
async function fallbackSort(client: ImapFlow, q: ListViewQuery): Promise<Summary> {
  const caps = client.capabilities as Map<string, boolean | number>;
  const saved = [...caps.entries()].filter(([k]) => k.startsWith('SORT'));
  for (const [k] of saved) caps.delete(k);
  try {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await time(() => listOrder({ client, view: parseListView(q) })));
    return summarize(runs);
  } finally {
    for (const [k, v] of saved) caps.set(k, v);
  }
}

async function main(): Promise<void> {
  const client = await bigInboxClient(MESSAGES);
  const loadBefore = load();
  const rows: [string, Summary, Summary | null][] = [];
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
      const { pigeon, server } = await pair(client, q as (i: number) => ListViewQuery, bare);
      rows.push([name, pigeon, server]);
    }
    if ('fallback sort'.includes(ONLY)) {
      rows.push(['fallback sort size (no SORT)', await fallbackSort(client, { sort: 'size' }), null]);
      rows.push(['fallback sort sender (no SORT)', await fallbackSort(client, { sort: 'from' }), null]);
    }
  } finally {
    await client.logout();
  }
  const f = (s: Summary) => `${s.median.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)}`;
  console.log(
    `\nSearch and sort on ${MESSAGES} messages, ${RUNS} runs (ms; p95 = nearest rank), ${os.cpus().length} CPUs`,
  );
  console.log(`loadavg before ${loadBefore}, after ${load()}; row cache ${rowCache ? 'on' : 'off'}`);
  console.log(
    `${'operation'.padEnd(32)} ${'Pigeon med'.padStart(8)} ${'p95'.padStart(8)}   ${'server med'.padStart(8)} ${'p95'.padStart(8)}   +median`,
  );
  for (const [name, pigeon, server] of rows)
    console.log(
      `${name.padEnd(32)} ${f(pigeon)}   ${server ? f(server) : '       -        -'}   ${server ? (pigeon.median - server.median).toFixed(1) : '-'}`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
