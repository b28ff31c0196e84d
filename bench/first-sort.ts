// `tsx first-sort.ts`: where a folder's first sort without the server's SORT goes, on the 50,000-message INBOX
// (decision 048 part 3). Per iteration, back to back on one connection: Dovecot's own `UID SORT` (the baseline), the
// same `UID FETCH` of the sort field read on a bare TLS socket without parsing (Dovecot + the wire), that FETCH read
// through imapflow's parser (as part 2 did), through `uidFetchField` (each answer read from its bytes), the decoding of
// the raw fields, the ordering, and Pigeon's whole first sort (`listOrder`, nothing kept). Each phase prints wall time and this process's
// CPU time: on a shared 2-core machine the wall time is mostly waiting for a core, the CPU time is what we cost.
// BENCH_RUNS (default 5), BENCH_MESSAGES (default 50,000), BENCH_ONLY ("size" or "from").
import os from 'node:os';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import type { ImapFlow } from 'imapflow';
import { mailFixture, fixtureUser } from '@pigeon/mail-fixture';
import { listOrder } from '../apps/server/src/mail/imap/list-view-page.ts';
import { SortKeyCache } from '../apps/server/src/mail/list/sort-keys.ts';
import { readAnswer, uidFetchField, type SortField } from '../apps/server/src/imap/fetch-fields.ts';
import { atom, run, uidSearch, uidSort, type CommandToken } from '../apps/server/src/imap/search-sort.ts';
import { fromSortValue, orderByKeys, type OrderKey } from '../apps/server/src/mail/list/list-order.ts';
import { parseListView, searchKeys } from '../apps/server/src/mail/list/list-view.ts';
import { summarize, type Summary } from './stats.ts';
import { bigInboxClient, loadAverages as load } from './big-inbox.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 5));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const ONLY = process.env.BENCH_ONLY ?? '';

interface Sample {
  wall: number;
  cpu: number;
}
async function measure<T>(fn: () => Promise<T>): Promise<[T, Sample]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [out, { wall, cpu: (c.user + c.system) / 1000 }];
}

/** A bare IMAPS connection that sends a command and counts the answer's bytes to its tagged line, parsing nothing. */
async function bareConnection(): Promise<{ run: (command: string) => Promise<number>; close: () => void }> {
  const user = fixtureUser('user001');
  const socket = tls.connect({
    host: mailFixture.host,
    port: mailFixture.ports.imaps,
    ca: readFileSync(mailFixture.caPath),
    servername: 'mail.school.test',
  });
  let pending: { tag: string; bytes: number; tail: string; done: (n: number) => void } | null = null;
  let greeted: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    if (greeted) {
      greeted();
      greeted = null;
      return;
    }
    if (!pending) return;
    pending.bytes += chunk.length;
    // the tagged line ends the answer; look only at the last bytes seen
    const tail = pending.tail + chunk.toString('latin1', Math.max(0, chunk.length - 4096));
    pending.tail = tail.slice(-4096);
    if (new RegExp(`(^|\\r\\n)${pending.tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`).test(pending.tail)) {
      const p = pending;
      pending = null;
      p.done(p.bytes);
    }
  });
  await new Promise<void>((resolve) => (greeted = resolve));
  let n = 0;
  const run = (command: string) =>
    new Promise<number>((done) => {
      const tag = `b${++n}`;
      pending = { tag, bytes: 0, tail: '', done };
      socket.write(`${tag} ${command}\r\n`);
    });
  await run(`LOGIN "${user.email}" "${user.password}"`);
  await run('SELECT INBOX');
  return { run, close: () => socket.destroy() };
}

const item = (field: SortField) =>
  field === 'size' ? 'RFC822.SIZE' : `BODY.PEEK[HEADER.FIELDS (${field.toUpperCase()})]<0.8192>`;

/** The FETCH as part 2 read it: every answer through imapflow's parser, then its tokens (`readAnswer`). */
async function fetchViaParser(client: ImapFlow, field: SortField): Promise<number> {
  let n = 0;
  const item =
    field === 'size'
      ? atom('RFC822.SIZE')
      : ({
          type: 'ATOM',
          value: 'BODY.PEEK',
          section: [atom('HEADER.FIELDS'), [atom(field.toUpperCase())]],
          partial: [0, 8192],
        } as CommandToken);
  const all = { type: 'SEQUENCE', value: '1:*' } as unknown as CommandToken;
  await run(client, 'UID FETCH', [all, [atom('UID'), item]], {
    FETCH: async (u) => {
      if (readAnswer(u, field)) n++;
    },
  });
  return n;
}

async function phases(client: ImapFlow, field: SortField): Promise<Record<string, Sample[]>> {
  const out: Record<string, Sample[]> = {};
  const add = (name: string, s: Sample) => (out[name] ??= []).push(s);
  const bare = await bareConnection();
  const view = parseListView({ sort: field });
  const criteria = field === 'size' ? ['SIZE'] : ['DISPLAYFROM'];
  try {
    for (let i = 0; i < RUNS; i++) {
      add('server UID SORT (baseline)', (await measure(() => uidSort(client, criteria, searchKeys(view))))[1]);
      add('UID SEARCH ALL', (await measure(() => uidSearch(client, searchKeys(view))))[1]);
      add('FETCH, bare socket (no parse)', (await measure(() => bare.run(`UID FETCH 1:* (UID ${item(field)})`)))[1]);
      add('FETCH, read by imapflow parser (part 2)', (await measure(() => fetchViaParser(client, field)))[1]);
      const [fetched, f] = await measure(() => uidFetchField(client, '1:*', field, 1_000_000));
      add('FETCH, uidFetchField (part 3)', f);
      const [keys, d] = await measure(async () => {
        const decoded = new Map<string, string>();
        const keys: OrderKey[] = [];
        for (const [uid, raw] of fetched) {
          if (typeof raw === 'number') {
            keys.push({ uid, value: raw });
            continue;
          }
          const text = raw.toString('latin1');
          let v = decoded.get(text);
          if (v === undefined) decoded.set(text, (v = fromSortValue(raw)));
          keys.push({ uid, value: v });
        }
        return keys;
      });
      add('decode values', d);
      add('order (orderByKeys)', (await measure(async () => orderByKeys(keys, view)))[1]);
      const whole = await withoutSort(client, () =>
        measure(() => listOrder({ client, view, kept: { cache: new SortKeyCache(), owner: 'bench' } })),
      );
      add('Pigeon first sort (listOrder)', whole[1]);
    }
  } finally {
    bare.close();
  }
  return out;
}

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

async function main(): Promise<void> {
  const client = await bigInboxClient(MESSAGES);
  const before = load();
  const results: [string, Summary, Summary][] = [];
  try {
    const box = await client.mailboxOpen('INBOX');
    console.error(`[bench] INBOX holds ${box.exists} messages; ${RUNS} runs each`);
    for (const field of ['size', 'from'] as const) {
      if (!field.includes(ONLY)) continue;
      for (const [name, samples] of Object.entries(await phases(client, field)))
        results.push([
          `${field}: ${name}`,
          summarize(samples.map((s) => s.wall)),
          summarize(samples.map((s) => s.cpu)),
        ]);
    }
  } finally {
    await client.logout();
  }
  const f = (s: Summary) => `${s.median.toFixed(1).padStart(9)} ${s.p95.toFixed(1).padStart(9)}`;
  console.log(`\nFirst sort without SORT on ${MESSAGES} messages, ${RUNS} runs (ms), ${os.cpus().length} CPUs`);
  console.log(`loadavg before ${before}, after ${load()}`);
  console.log(
    `${'phase'.padEnd(46)} ${'wall med'.padStart(9)} ${'p95'.padStart(9)}   ${'cpu med'.padStart(9)} ${'p95'.padStart(9)}`,
  );
  for (const [name, wall, cpu] of results) console.log(`${name.padEnd(46)} ${f(wall)}   ${f(cpu)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
