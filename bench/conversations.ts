// `tsx conversations.ts`: conversations of a 50,000-message INBOX (decision 025). Pigeon's first page of
// conversations (THREAD, the 50 newest conversations' rows with previews, their FLAGS and senders) beside Dovecot's
// own `UID THREAD REFERENCES UTF-8 ALL` in the same run, on the same connection, alternating who goes first; then
// the threads computed here without the server's THREAD (the fallback). Nothing is cached between runs.
// BENCH_RUNS (default 10), BENCH_MESSAGES (default 50,000; user001's INBOX is seeded when it holds fewer).
import os from 'node:os';
import { conversationPage } from '../apps/server/src/mail/imap/conversations.ts';
import { threadsHere } from '../apps/server/src/mail/imap/conversation-threads.ts';
import { uidThread } from '../apps/server/src/imap/thread.ts';
import { summarize, type Summary } from './stats.ts';
import { alternate, bigInboxClient, loadAverages as load, time } from './big-inbox.ts';

const RUNS = Math.min(50, Number(process.env.BENCH_RUNS ?? 10));
const FALLBACK_RUNS = Math.min(RUNS, Number(process.env.BENCH_FALLBACK_RUNS ?? 3));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);

async function main(): Promise<void> {
  const client = await bigInboxClient(MESSAGES);
  const loadBefore = load();
  let pigeon: number[] = [];
  let server: number[] = [];
  const fallback: number[] = [];
  let shape = '';
  try {
    const box = await client.mailboxOpen('INBOX');
    console.error(`[bench] INBOX holds ${box.exists} messages; ${RUNS} runs`);
    // one untimed pass: Dovecot builds its thread index once per mailbox (a real user's server has it)
    const threads = await uidThread(client);
    const largest = Math.max(...threads.map((t) => t.length));
    shape = `${threads.length} conversations, largest ${largest} messages`;
    const ours = () => conversationPage({ client, path: 'INBOX', limit: 50 });
    const theirs = () => uidThread(client);
    ({ pigeon, server } = await alternate(RUNS, ours, theirs));
    for (let i = 0; i < FALLBACK_RUNS; i++) fallback.push(await time(() => threadsHere(client)));
  } finally {
    await client.logout();
  }
  const f = (s: Summary) => `${s.median.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)}`;
  const p = summarize(pigeon);
  const s = summarize(server);
  console.log(`\nConversations of ${MESSAGES} messages (${shape}), ms; p95 = nearest rank; ${os.cpus().length} CPUs`);
  console.log(`loadavg before ${loadBefore}, after ${load()}`);
  console.log(`${'operation'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`);
  console.log(`${'server UID THREAD REFERENCES (baseline)'.padEnd(44)} ${f(s)}`);
  console.log(`${'Pigeon first page of 50 conversations'.padEnd(44)} ${f(p)}   +${(p.median - s.median).toFixed(1)}`);
  console.log(`${`threads here, no THREAD (${FALLBACK_RUNS} runs)`.padEnd(44)} ${f(summarize(fallback))}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
