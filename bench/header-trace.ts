// `tsx header-trace.ts`: what the slow iterations of a header search wait behind (issue 10: "within Dovecot's own UID
// SEARCH time + 50 ms"; decision 048 part 4). The same loop as `BENCH_ONLY=header search.ts` (Pigeon's first page of 50
// rows beside the bare UID SEARCH of the same words, alternating who goes first, list-order and row caches on), with
// each IMAP command Pigeon's side sends timed from the call to its tagged answer, the garbage collector's pauses
// (PerformanceObserver 'gc') and the event loop's delay inside each iteration. Prints, per field, the median and p95 of
// Pigeon minus the server in the same iteration, then the slowest tenth of iterations by that difference with where
// their time went: Pigeon's own UID SEARCH, the rows' FETCHes, other commands, and the rest (Pigeon's CPU and waiting
// for a core), against the same columns' medians over all iterations. BENCH_RUNS (default 40), BENCH_MESSAGES.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import type { ImapFlow } from 'imapflow';
import { listViewPage } from '../apps/server/src/mail/imap/list-view-page.ts';
import { ListOrderCache } from '../apps/server/src/mail/list/list-order-cache.ts';
import { RowCache } from '../apps/server/src/mail/imap/row-cache.ts';
import { parseListView, searchKeys } from '../apps/server/src/mail/list/list-view.ts';
import { uidSearch } from '../apps/server/src/imap/search-sort.ts';
import type { ListViewQuery } from '../packages/shared/src/index.ts';
import { summarize } from './stats.ts';
import { bigInboxClient, loadAverages as load } from './big-inbox.ts';

const RUNS = Math.min(100, Number(process.env.BENCH_RUNS ?? 40));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
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

type Exec = (command: string, attributes?: unknown, options?: unknown) => Promise<unknown>;
interface Command {
  name: string;
  ms: number;
}
interface Iteration {
  pigeon: number;
  server: number;
  commands: Command[];
  gc: number;
  loopMax: number;
}

/** Times every command `client` sends while `fn` runs (the instance's exec wrapped; imapflow's methods call it too). */
async function traced(client: ImapFlow, fn: () => Promise<unknown>): Promise<{ ms: number; commands: Command[] }> {
  const own = client as unknown as { exec: Exec };
  const exec = own.exec;
  const commands: Command[] = [];
  own.exec = async (command, attributes, options) => {
    const t0 = performance.now();
    try {
      return await exec.call(client, command, attributes, options);
    } finally {
      commands.push({ name: command, ms: performance.now() - t0 });
    }
  };
  const t0 = performance.now();
  try {
    await fn();
    return { ms: performance.now() - t0, commands };
  } finally {
    own.exec = exec;
  }
}

async function field(client: ImapFlow, query: (i: number) => ListViewQuery): Promise<Iteration[]> {
  const cache = new ListOrderCache();
  const rows = new RowCache();
  const out: Iteration[] = [];
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  try {
    for (let i = 0; i < RUNS; i++) {
      const view = parseListView(query(i));
      const ours = () =>
        traced(client, () => listViewPage({ client, path: 'INBOX', view, limit: 50, cache, owner: 'bench', rows }));
      const theirs = async () => {
        const t0 = performance.now();
        await uidSearch(client, searchKeys(view));
        return performance.now() - t0;
      };
      gcMs = 0;
      loop.reset();
      let pigeon: { ms: number; commands: Command[] };
      let server: number;
      if (i % 2 === 0) {
        server = await theirs();
        pigeon = await ours();
      } else {
        pigeon = await ours();
        server = await theirs();
      }
      // gc entries arrive on the next turn of the loop
      await new Promise((r) => setImmediate(r));
      out.push({ pigeon: pigeon.ms, server, commands: pigeon.commands, gc: gcMs, loopMax: loop.max / 1e6 });
    }
  } finally {
    loop.disable();
    gc.disconnect();
  }
  return out;
}

const sumOf = (it: Iteration, pick: (c: Command) => boolean) => it.commands.filter(pick).reduce((n, c) => n + c.ms, 0);
const columns: [string, (it: Iteration) => number][] = [
  ['diff', (it) => it.pigeon - it.server],
  ['Pigeon', (it) => it.pigeon],
  ['server', (it) => it.server],
  ['our SEARCH', (it) => sumOf(it, (c) => c.name.endsWith('SEARCH'))],
  ['row FETCH', (it) => sumOf(it, (c) => c.name.endsWith('FETCH'))],
  ['other cmds', (it) => sumOf(it, (c) => !c.name.endsWith('SEARCH') && !c.name.endsWith('FETCH'))],
  ['rest', (it) => it.pigeon - sumOf(it, () => true)],
  ['gc', (it) => it.gc],
  ['loop max', (it) => it.loopMax],
];

function report(name: string, its: Iteration[]): void {
  const med = (f: (it: Iteration) => number) => summarize(its.map(f)).median;
  const diff = summarize(its.map((it) => it.pigeon - it.server));
  console.log(
    `\n${name}: Pigeon ${summarize(its.map((it) => it.pigeon)).median.toFixed(1)} / server ${summarize(its.map((it) => it.server)).median.toFixed(1)} ms median; diff per iteration median ${diff.median.toFixed(1)}, p95 ${diff.p95.toFixed(1)}`,
  );
  console.log(`${''.padEnd(14)}${columns.map(([c]) => c.padStart(11)).join('')}   commands`);
  console.log(`${'median'.padEnd(14)}${columns.map(([, f]) => med(f).toFixed(1).padStart(11)).join('')}`);
  const slow = [...its.keys()].sort((a, b) => its[b]!.pigeon - its[b]!.server - (its[a]!.pigeon - its[a]!.server));
  for (const at of slow.slice(0, Math.max(2, Math.ceil(its.length / 10)))) {
    const it = its[at]!;
    const cmds = it.commands.map((c) => `${c.name.replace('UID ', '')} ${c.ms.toFixed(0)}`).join(', ');
    console.log(`${`run ${at}`.padEnd(14)}${columns.map(([, f]) => f(it).toFixed(1).padStart(11)).join('')}   ${cmds}`);
  }
}

async function main(): Promise<void> {
  const client = await bigInboxClient(MESSAGES);
  const before = load();
  const results: [string, Iteration[]][] = [];
  try {
    const box = await client.mailboxOpen('INBOX');
    console.error(`[bench] INBOX holds ${box.exists} messages; ${RUNS} runs each`);
    await uidSearch(client, searchKeys(parseListView({ subject: 'warm', from: 'warm' })));
    results.push(['search subject (header)', await field(client, (i) => ({ subject: WORDS[i % WORDS.length]! }))]);
    results.push(['search from (header)', await field(client, (i) => ({ from: NAMES[i % NAMES.length]! }))]);
  } finally {
    await client.logout();
  }
  console.log(`\nHeader search on ${MESSAGES} messages, ${RUNS} runs (ms), ${os.cpus().length} CPUs`);
  console.log(`loadavg before ${before}, after ${load()}; list-order and row caches on (words repeat every 10 runs)`);
  for (const [name, its] of results) report(name, its);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
