import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { draftTo } from '../../../test/compose-helpers.ts';
import { createOutboxRepository, type OutboxRepository } from './outbox.repository.ts';

let t: TestApp;
let repo: OutboxRepository;
let userId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await buildTestApp();
  repo = createOutboxRepository(t.db.prisma);
  userId = (await t.db.prisma.user.create({ data: { email: `retention-${randomUUID()}@school.test` } })).id;
});

afterAll(async () => {
  await t?.db.prisma.user.deleteMany({ where: { id: userId } });
  await t?.close();
});

/** a row in `state` whose last attempt was due `daysAgo` days ago */
async function row(state: 'failed' | 'retrying', daysAgo: number): Promise<string> {
  const id = randomUUID();
  const at = new Date(Date.now() - daysAgo * DAY);
  await repo.insert({
    id,
    userId,
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
  await t.db.prisma.outboxMessage.update({ where: { id }, data: { state } });
  return id;
}

describe('failed outbox rows', () => {
  it('are purged after the retention period; recent failures and unfinished rows stay', async () => {
    const old = await row('failed', 40);
    const recent = await row('failed', 2);
    const stillTrying = await row('retrying', 40);
    await repo.removeFailedBefore(new Date(Date.now() - 30 * DAY));
    expect(await repo.find(userId, old)).toBeNull();
    expect((await repo.find(userId, recent))?.state).toBe('failed');
    expect((await repo.find(userId, stillTrying))?.state).toBe('retrying');
  });
});
