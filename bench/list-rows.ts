// `tsx list-rows.ts`: where a page of list rows goes (decision 048). Pages of 50 rows of subject searches on the
// 50,000-message INBOX: the bare FETCH of envelope and flags (the baseline: what any list must read), Pigeon's row
// FETCH (plus the raw Content-Type and the first 9 KiB of the body), reading those prefixes (mailsplit), turning them
// into rows (`toRows`: prefixes, previews, summaries) and `fetchRows` in total; a FLAGS-only FETCH of the page,
// `fetchRows` when the page's rows are in the row cache (that FETCH plus the merge) and the server's own preview (RFC
// 8970 `PREVIEW`, when offered) of a page; and the plain folder page (`listMessages`, newest and older pages of INBOX)
// read in full beside the same page with its rows in the row cache (decision 050). BENCH_RUNS (default 20).
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { fetchRows, ROW_FETCH_QUERY, toRows } from '../apps/server/src/mail/imap/message-rows.ts';
import { listMessages } from '../apps/server/src/mail/imap/message-list.ts';
import { RowCache } from '../apps/server/src/mail/imap/row-cache.ts';
import { readRowPrefix, ROW_TEXT_BYTES } from '../apps/server/src/mail/imap/row-prefix.ts';
import { run, uidSearch, type CommandToken } from '../apps/server/src/imap/search-sort.ts';
import { toSequenceSet } from '../apps/server/src/imap/sequence-set.ts';
import { parseListView, searchKeys } from '../apps/server/src/mail/list/list-view.ts';
import { summarize, type Summary } from './stats.ts';
import { bigInboxClient, loadAverages as load, time } from './big-inbox.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 20));
const WORDS = ['budget', 'trip', 'meeting', 'newsletter', 'report', 'science', 'lunch', 'invoice', 'schedule'];

const prefixes = (rows: FetchMessageObject[]) =>
  Promise.all(
    rows.map((m) => {
      const text = m.bodyParts?.get('text') ?? Buffer.alloc(0);
      return readRowPrefix(m.headers, text, text.length < ROW_TEXT_BYTES);
    }),
  );

/** `UID FETCH set (UID PREVIEW)` (imapflow has no fetch option for it): the server's previews, from its cache. */
async function serverPreviews(client: ImapFlow, set: string): Promise<number> {
  let n = 0;
  const sequence = { type: 'SEQUENCE', value: set } as unknown as CommandToken;
  const items: CommandToken = [
    { type: 'ATOM', value: 'UID' },
    { type: 'ATOM', value: 'PREVIEW' },
  ];
  await run(client, 'UID FETCH', [sequence, items], { FETCH: async () => void n++ });
  return n;
}

async function main(): Promise<void> {
  const client = await bigInboxClient(50_000);
  const loadBefore = load();
  const t: Record<string, number[]> = {
    'FETCH envelope+flags (baseline)': [],
    'row FETCH (9 KiB prefix)': [],
    'read prefixes (mailsplit)': [],
    'toRows (prefixes to rows)': [],
    'fetchRows (whole page)': [],
    'FETCH flags only': [],
    'fetchRows, rows in the row cache': [],
    'folder page, read in full': [],
    'folder page, rows in the row cache': [],
  };
  const previews: number[] = [];
  let bytes = 0;
  let single = 0;
  try {
    await client.mailboxOpen('INBOX');
    const pages: number[][] = [];
    for (const word of WORDS) {
      const uids = await uidSearch(client, searchKeys(parseListView({ subject: word })));
      if (uids.length > 0) pages.push(uids.reverse().slice(0, 50));
    }
    // the newest page and the four after it, as the list pages down (`before` = the last UID of the page above)
    const anchors: (number | undefined)[] = [undefined];
    while (anchors.length < 5)
      anchors.push((await listMessages({ client, path: 'INBOX', before: anchors.at(-1) })).nextBefore ?? undefined);
    const folderCache = { rows: new RowCache(), owner: 'bench' };
    for (let i = 0; i < RUNS; i++) {
      const page = pages[i % pages.length]!;
      const set = toSequenceSet(page);
      const env = { uid: true, flags: true, envelope: true, size: true, internalDate: true } as const;
      t['FETCH envelope+flags (baseline)']!.push(await time(() => client.fetchAll(set, env, { uid: true })));
      let rows: FetchMessageObject[] = [];
      t['row FETCH (9 KiB prefix)']!.push(
        await time(async () => (rows = await client.fetchAll(set, ROW_FETCH_QUERY, { uid: true }))),
      );
      if (i === 0) {
        bytes = rows.reduce((n, m) => n + (m.bodyParts?.get('text')?.length ?? 0), 0);
        single = (await prefixes(rows)).filter((p) => !p.structure?.type.startsWith('multipart/')).length;
      }
      t['read prefixes (mailsplit)']!.push(await time(() => prefixes(rows)));
      t['toRows (prefixes to rows)']!.push(await time(() => toRows(client, rows)));
      t['fetchRows (whole page)']!.push(await time(() => fetchRows(client, page)));
      t['FETCH flags only']!.push(await time(() => client.fetchAll(set, { uid: true, flags: true }, { uid: true })));
      const cached = { rows: new RowCache(), owner: 'bench' };
      await fetchRows(client, page, cached); // read once: the page's rows are now cached
      t['fetchRows, rows in the row cache']!.push(await time(() => fetchRows(client, page, cached)));
      const before = anchors[i % anchors.length];
      const inFull = () => listMessages({ client, path: 'INBOX', before });
      const fromCache = () => listMessages({ client, path: 'INBOX', before, cached: folderCache });
      await fromCache(); // its rows are now cached
      // interleaved, each first every other run
      for (const [name, read] of i % 2 === 0
        ? ([
            ['folder page, read in full', inFull],
            ['folder page, rows in the row cache', fromCache],
          ] as const)
        : ([
            ['folder page, rows in the row cache', fromCache],
            ['folder page, read in full', inFull],
          ] as const))
        t[name]!.push(await time(read));
      // a page not read yet this run, so the first runs include the server computing and caching its previews
      if (client.capabilities.has('PREVIEW'))
        previews.push(await time(() => serverPreviews(client, toSequenceSet(pages[(i + 3) % pages.length]!))));
    }
  } finally {
    await client.logout();
  }
  const f = (s: Summary) => `${s.median.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)}`;
  console.log(`\nA page of 50 list rows on the 50,000-message INBOX, ${RUNS} runs (ms; p95 = nearest rank)`);
  console.log(`loadavg before ${loadBefore}, after ${load()}`);
  console.log(`body text read per page: ${bytes} bytes; rows of one part: ${single} of 50`);
  console.log(`${'step'.padEnd(36)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`);
  for (const [name, runs] of Object.entries(t)) console.log(`${name.padEnd(36)} ${f(summarize(runs))}`);
  if (previews.length > 0) console.log(`${'server PREVIEW of a page'.padEnd(36)} ${f(summarize(previews))}`);
  else console.log('server PREVIEW: not offered');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
