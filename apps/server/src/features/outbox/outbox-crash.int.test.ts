// A real Pigeon process is killed with SIGKILL at each step of sending a message and started again on the same
// database: the recipient's real mailbox and Postfix's own log show how often the message went out (decision 015).
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, mailFixture, mailLogs, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type ComposeDraft, type OutboxItem, type OutboxList } from '@pigeon/shared';
import { draftTo, findByMessageId, waitFor, waitForMessage } from '../../../test/compose-helpers.ts';
import { HttpClient, startServer, type ServerProcess } from '../../../test/server-process.ts';
import { TEST_SESSION_SECRET } from '../../../test/test-app.ts';
import type { SendStep } from './outbox.worker.ts';

let tmp: string;
let env: Record<string, string>;
let alice: MailUser;
let bob: MailUser;
const running: ServerProcess[] = [];

/**
 * How many times Postfix took (queued) a message with this Message-ID: cleanup names the queue id while the message
 * is still arriving, qmgr picks that queue id up only once the end of DATA was committed.
 */
function acceptedByPostfix(messageId: string): number {
  const lines = readFileSync(mailLogs().postfix, 'utf8').split('\n');
  const queueIds = lines
    .filter((l) => l.includes('postfix/cleanup') && l.includes(`message-id=${messageId}`))
    .map((l) => /: ([0-9A-F]+): message-id=/.exec(l)?.[1]);
  return queueIds.filter((q) => q && lines.some((l) => l.includes(`postfix/qmgr`) && l.includes(`${q}: from=<`)))
    .length;
}

async function start(entry?: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServer({ ...env, ...extra }, entry);
  running.push(server);
  return server;
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  expect((await server.exited).signal).toBe('SIGKILL');
}

/** Stops every process still running (the restarted one of the last case). */
async function killAll(): Promise<void> {
  const alive = running.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  for (const s of alive) s.child.kill('SIGKILL');
  await Promise.all(alive.map((s) => s.exited));
}

async function itemOf(client: HttpClient, id: string): Promise<OutboxItem | undefined> {
  return (await client.json<OutboxList>('GET', apiRoutes.outbox(client.accountId))).items.find((i) => i.id === id);
}

/** Queues one message on a process that stops at `step`, kills it there, and finishes on a fresh (running) process. */
async function killAt(step: SendStep): Promise<{ item: OutboxItem; final: OutboxItem; client: HttpClient }> {
  const dying = await start('apps/server/test/pausing-server.ts', { PIGEON_TEST_PAUSE_AT: step });
  const client = new HttpClient(dying.base);
  await client.signIn(alice.email, alice.password);
  const item = await client.json<OutboxItem>(
    'POST',
    apiRoutes.outbox(client.accountId),
    draftTo(bob.email, { subject: `Killed at ${step}` }),
  );
  await waitFor(
    async () => dying.output().includes(`PAUSED ${step} ${item.messageId}`),
    `the process to stop at ${step}`,
  );
  await kill(dying);

  const restarted = await start();
  client.base = restarted.base;
  const final = await waitFor(async () => {
    const now = await itemOf(client, item.id);
    return now && (now.state === 'sent' || now.state === 'failed') ? now : undefined;
  }, `the message killed at ${step} to be decided`);
  return { item, final, client };
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pigeon-crash-'));
  chmodSync(tmp, 0o755);
  [alice, bob] = await Promise.all([createUser('crash-a'), createUser('crash-b')]);
  env = {
    DATA_DIR: tmp,
    DATABASE_URL: inject('databaseUrl'),
    LOG_LEVEL: 'info',
    SESSION_SECRET: TEST_SESSION_SECRET,
    SEND_UNDO_SECONDS: '0',
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
  };
});

afterEach(killAll);

afterAll(async () => {
  await killAll();
  rmSync(tmp, { recursive: true, force: true });
});

describe('outbox: kill -9 at each step of a send, then restart', () => {
  // nothing reached the server yet, or its 250 was recorded: the message goes out exactly once and is marked sent
  it.each<SendStep>(['claimed', 'accepted', 'filed', 'sent'])(
    'killed at %s: delivered exactly once, one copy in Sent, marked sent',
    async (step) => {
      const { item, final } = await killAt(step);
      expect(final.state).toBe('sent');
      expect(await waitForMessage(bob, 'INBOX', item.messageId)).toHaveLength(1);
      expect(acceptedByPostfix(item.messageId)).toBe(1);
      expect(await findByMessageId(alice, 'Sent', item.messageId)).toHaveLength(1);
      console.info(`outbox crash test: killed at ${step}: Postfix took it ${acceptedByPostfix(item.messageId)}×`);
    },
    180_000,
  );

  // the end of DATA was released (or answered) but no 250 recorded: never handed to SMTP again, the user is told,
  // and the message stays editable. Before this, the restarted process sent it a second time.
  it.each<[SendStep, number]>([
    ['committing', 0],
    ['answered', 1],
  ])(
    'killed at %s: never sent again (Postfix took it %i×), reported as maybe sent, still editable',
    async (step, times) => {
      const { item, final, client } = await killAt(step);
      expect(final.state).toBe('failed');
      expect(final.error?.code).toBe('compose.maybe_sent');
      expect(acceptedByPostfix(item.messageId)).toBe(times);
      if (times) expect(await waitForMessage(bob, 'INBOX', item.messageId)).toHaveLength(1);
      const back = await client.json<ComposeDraft>('DELETE', apiRoutes.outboxItem(client.accountId, item.id));
      expect(back.subject).toBe(`Killed at ${step}`);
      console.info(`outbox crash test: killed at ${step}: Postfix took it ${acceptedByPostfix(item.messageId)}×`);
    },
    180_000,
  );
});
