// A POP3 check in a real process killed with SIGKILL at each step, then checked again on the same database:
// the local INBOX and the server's maildrop show every message exactly once (decision 019).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { waitFor } from '../../../test/compose-helpers.ts';
import { checkPop3Account, fetcherFor, pop3AccountFor, serverCount } from '../../../test/pop3-helpers.ts';
import { repoRoot } from '../../../test/server-process.ts';
import { createLocalStore } from '../local/local-store.repository.ts';
import type { FetchStep } from './pop3-fetcher.ts';
import { createPop3Ledger } from './pop3-ledger.repository.ts';

let db: Database;
const N = 12;
const LEASE_MS = 1500;

beforeAll(async () => {
  db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: inject('databaseUrl'), migrate: false });
});
afterAll(() => db?.close());

/** Runs a check in a child process until it prints PAUSED at `step`, then kills it with SIGKILL. */
async function killAt(step: FetchStep, user: MailUser, accountId: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/test/pop3-fetch-child.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      PIGEON_TEST_PAUSE_AT: step,
      POP3_LOGIN: user.login,
      POP3_PASSWORD: user.password,
      ACCOUNT_ID: accountId,
      LEASE_MS: String(LEASE_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, signal) => resolve(signal)));
  try {
    const line = await waitFor(
      async () => out.split('\n').find((l) => l.startsWith(`PAUSED ${step}`)),
      `PAUSED ${step}`,
      60_000,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    return line;
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${String(err)}\nchild output:\n${out}`);
  }
}

describe('POP3 fetcher: kill -9 mid-check, then check again', () => {
  it.each<FetchStep>(['retrieved', 'stored'])(
    'killed at %s: every message stored exactly once after the restart',
    async (step) => {
      const user = await createUser(`pop3-kill-${step}`);
      await seedMailbox(user, N, { inboxOnly: true });
      const accountId = await pop3AccountFor(db.prisma, user);
      const paused = await killAt(step, user, accountId);
      const ledger = createPop3Ledger(db.prisma);
      const storedAtKill = await ledger.countStored(accountId);
      expect(storedAtKill).toBe(step === 'stored' ? 5 : 0);
      // the dead process's claims hold for their lease; a new check takes them once it ran out
      await waitFor(async () => {
        await checkPop3Account(accountId, fetcherFor(db.prisma, user));
        return (await ledger.countStored(accountId)) === N;
      }, 'every message stored after the restart');
      const rows = await createLocalStore(db.prisma).page(accountId, 'INBOX', { limit: 100 });
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => `${r.subject}|${r.date}|${r.size}`)).size).toBe(N);
      expect(await serverCount(user)).toBe(N);
      console.info(`pop3 crash test: killed at "${paused}" with ${storedAtKill} stored; after restart ${rows.length}`);
    },
    120_000,
  );

  it('killed after DELE before QUIT (no copy kept): the server keeps the messages and the next check removes them', async () => {
    const user = await createUser('pop3-kill-dele');
    await seedMailbox(user, 4, { inboxOnly: true });
    const accountId = await pop3AccountFor(db.prisma, user);
    await createPop3Ledger(db.prisma).updateSettings(accountId, { leaveOnServer: false });
    await killAt('deleted', user, accountId);
    expect(await serverCount(user)).toBe(4); // DELE without QUIT deletes nothing
    expect(await checkPop3Account(accountId, fetcherFor(db.prisma, user))).toMatchObject({ stored: 0, removed: 4 });
    expect(await serverCount(user)).toBe(0);
    expect(await createLocalStore(db.prisma).page(accountId, 'INBOX', { limit: 100 })).toHaveLength(4);
  }, 120_000);
});
