import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { draftTo } from '../../../test/compose-helpers.ts';
import { createOutboxRepository, type OutboxOwner, type OutboxRepository } from './outbox.repository.ts';

// the database alone, no app: an app's outbox worker would claim the old 'retrying' row mid-test
let db: Database;
let repo: OutboxRepository;
let userId: string;
let owner: OutboxOwner;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openDatabase({ dataDir: '', databaseUrl: inject('databaseUrl'), migrate: false });
  repo = createOutboxRepository(db.prisma);
  const email = `retention-${randomUUID()}@school.test`;
  userId = (await db.prisma.user.create({ data: { email } })).id;
  const server = { incomingHost: '127.0.0.1', incomingPort: 993, incomingTls: 'tls' };
  const smtp = { smtpHost: '127.0.0.1', smtpPort: 465, smtpTls: 'tls' };
  const account = await db.prisma.account.create({
    data: { userId, address: email, login: email, ...server, ...smtp },
  });
  owner = { userId, accountId: account.id };
});

afterAll(async () => {
  await db?.prisma.user.deleteMany({ where: { id: userId } });
  await db?.close();
});

/** a row in `state` whose last attempt was due `daysAgo` days ago */
async function row(state: 'failed' | 'retrying', daysAgo: number): Promise<string> {
  const id = randomUUID();
  const at = new Date(Date.now() - daysAgo * DAY);
  await repo.insert({
    id,
    userId,
    accountId: owner.accountId,
    messageId: `<${id}@school.test>`,
    draft: draftTo('bob@school.test'),
    raw: Buffer.from('x'),
    envelopeFrom: 'a@school.test',
    envelopeTo: ['bob@school.test'],
    sealedAccount: null,
    saveToSent: false,
    sendAt: at,
    nextAttemptAt: at,
  });
  await db.prisma.outboxMessage.update({ where: { id }, data: { state } });
  return id;
}

describe('failed outbox rows', () => {
  it('are purged after the retention period; recent failures and unfinished rows stay', async () => {
    const old = await row('failed', 40);
    const recent = await row('failed', 2);
    const stillTrying = await row('retrying', 40);
    await repo.removeFailedBefore(new Date(Date.now() - 30 * DAY));
    expect(await repo.find(owner, old)).toBeNull();
    expect((await repo.find(owner, recent))?.state).toBe('failed');
    expect((await repo.find(owner, stillTrying))?.state).toBe('retrying');
  });
});
