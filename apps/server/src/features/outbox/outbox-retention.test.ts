import { describe, expect, it } from 'vitest';
import type { ComposeRepository } from '../compose/compose.service.ts';
import type { OutboxRepository } from './outbox.repository.ts';
import { OutboxWorker } from './outbox.worker.ts';

const DAY = 86_400_000;

/** an outbox with nothing due that records the purges the worker asks for */
function quietOutbox(purges: Date[]): OutboxRepository {
  const none = async () => [];
  return {
    dueIds: none,
    nextDue: async () => null,
    recoverInterrupted: async () => 0,
    removeSentBefore: async () => 0,
    removeFailedBefore: async (before: Date) => {
      purges.push(before);
      return 0;
    },
  } as unknown as OutboxRepository;
}

describe('outbox worker cleanup', () => {
  it('purges failed rows older than the configured retention', async () => {
    const purges: Date[] = [];
    const now = new Date('2026-12-01T00:00:00Z');
    const worker = new OutboxWorker({
      outbox: quietOutbox(purges),
      uploads: { removeStale: async () => 0 } as unknown as ComposeRepository,
      mail: () => {
        throw new Error('no message is sent here');
      },
      release: async () => {},
      send: async () => {
        throw new Error('nothing is due');
      },
      serverSecret: Buffer.alloc(32),
      log: { warn: () => {}, info: () => {} },
      now: () => now,
      failedRetentionMs: 30 * DAY,
    });
    await worker.runOnce();
    expect(purges).toEqual([new Date(now.getTime() - 30 * DAY)]);
  });
});
