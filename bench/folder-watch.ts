// `tsx folder-watch.ts`: how soon each way of watching a folder sees a change (decision 007), N runs each:
// plain IDLE on INBOX, IDLE on INBOX with NOTIFY, NOTIFY STATUS for a folder that is not selected, a second
// watcher in IDLE on that folder. A poll sees a change after half its interval on average, plus one STATUS.
import os from 'node:os';
import type { ImapFlow } from 'imapflow';
import { createUser, deliver, ensureMailFixture, imapClient } from '@pigeon/mail-fixture';
import { enableNotify } from '../apps/server/src/imap/notify.ts';
import { summarize } from './stats.ts';

const RUNS = Math.min(100, Number(process.env.BENCH_RUNS ?? 10));
const WAIT_MS = 10_000;

async function waitFor(get: () => number, what: string): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  while (get() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  if (get() === 0) throw new Error(`${what}: nothing within ${WAIT_MS} ms`);
  return get();
}

async function main(): Promise<void> {
  await ensureMailFixture();
  const user = await createUser('bench-watch');
  const phone = await imapClient(user);
  await phone.mailboxCreate('Other');
  const plain = await imapClient(user);
  const notified = await imapClient(user);
  const second = await imapClient(user);
  const clients: ImapFlow[] = [phone, plain, notified, second];
  const at = { plain: 0, notifyInbox: 0, notifyOther: 0, second: 0 };
  try {
    await plain.mailboxOpen('INBOX');
    plain.on('exists', () => (at.plain ||= Date.now()));
    await notified.mailboxOpen('INBOX');
    notified.on('exists', () => (at.notifyInbox ||= Date.now()));
    if (!(await enableNotify(notified, (u) => u.path === 'Other' && (at.notifyOther ||= Date.now()))))
      throw new Error('the server has no NOTIFY');
    await second.mailboxOpen('Other');
    second.on('exists', () => (at.second ||= Date.now()));
    for (const c of [plain, notified, second]) void c.idle();

    const runs = {
      plain: [] as number[],
      notifyInbox: [] as number[],
      notifyOther: [] as number[],
      second: [] as number[],
    };
    for (let i = 0; i < RUNS; i++) {
      Object.assign(at, { plain: 0, notifyInbox: 0 });
      await deliver({ to: user.email, subject: `watch ${i}` });
      const t250 = Date.now();
      runs.plain.push((await waitFor(() => at.plain, 'plain IDLE')) - t250);
      runs.notifyInbox.push((await waitFor(() => at.notifyInbox, 'IDLE + NOTIFY')) - t250);

      Object.assign(at, { notifyOther: 0, second: 0 });
      await phone.append('Other', `Subject: other ${i}\r\n\r\nx\r\n`);
      const tAppend = Date.now();
      runs.notifyOther.push((await waitFor(() => at.notifyOther, 'NOTIFY STATUS')) - tAppend);
      runs.second.push((await waitFor(() => at.second, 'second watcher')) - tAppend);
    }
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) await phone.status('Other', { messages: true, unseen: true, highestModseq: true });
    const statusMs = (performance.now() - t0) / RUNS;

    console.log(
      `\nwatching folders, ${RUNS} runs (ms; p95 = nearest rank); loadavg ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const line = (name: string, r: number[]) => {
      const s = summarize(r);
      console.log(`${name.padEnd(52)}${[s.median, s.p95, s.min, s.max].map((n) => String(n).padStart(8)).join('')}`);
    };
    console.log(`${''.padEnd(52)}  median     p95     min     max`);
    line('INBOX, plain IDLE: SMTP 250 → EXISTS', runs.plain);
    line('INBOX, IDLE + NOTIFY: SMTP 250 → EXISTS', runs.notifyInbox);
    line('other folder, NOTIFY: APPEND → STATUS', runs.notifyOther);
    line('other folder, second watcher in IDLE: APPEND → EXISTS', runs.second);
    console.log(`one STATUS round trip (what a poll costs per folder): ${statusMs.toFixed(2)} ms`);
  } finally {
    await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
