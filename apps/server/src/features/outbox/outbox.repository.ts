import { createHash } from 'node:crypto';
import type { ComposeDraft, OutboxState } from '@pigeon/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** An outbox row as the outbox feature sees it. */
export interface OutboxRow {
  id: string;
  userId: string;
  /** the account it is sent from; null when that account was removed */
  accountId: string | null;
  messageId: string;
  state: OutboxState;
  draft: ComposeDraft;
  /** the stored message's length and SHA-256 (hex); null when none was stored */
  rawSize: number | null;
  rawSha256: string | null;
  envelopeFrom: string;
  envelopeTo: string[];
  sealedAccount: Buffer | null;
  saveToSent: boolean;
  sendAt: Date;
  nextAttemptAt: Date;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  sentAt: Date | null;
  /** the end of DATA was about to be released to SMTP: the server may hold the message (decision 015) */
  committingAt: Date | null;
  /** SMTP answered 250: never handed to SMTP again */
  acceptedAt: Date | null;
}

/**
 * A row without its sealed login: what lists, undo and replays need. (The message itself is never part of a row: it
 * is read by `readMessage`, in chunks.)
 */
export type OutboxEntry = Omit<OutboxRow, 'sealedAccount'>;

export type NewOutboxRow = Omit<
  OutboxRow,
  | 'attempts'
  | 'errorCode'
  | 'errorMessage'
  | 'sentAt'
  | 'state'
  | 'committingAt'
  | 'acceptedAt'
  | 'rawSize'
  | 'rawSha256'
> & {
  /** the complete message, Bcc header included (stored in chunks) */
  raw: Buffer | null;
  /** the device's idempotency key (a message queued offline), unique per user */
  clientKey?: string | null;
};

/** Whose outbox: the messages one account of one user sends (routes are the account's, decision 018). */
export interface OutboxOwner {
  userId: string;
  accountId: string;
}

export interface OutboxRepository {
  /** false when the user already has a row with the row's `clientKey` (nothing inserted) */
  insert(row: NewOutboxRow): Promise<boolean>;
  /** the user's row queued with this idempotency key, whatever its account and state */
  findByClientKey(userId: string, clientKey: string): Promise<OutboxEntry | null>;
  /** the account's unfinished and failed rows, plus the ones sent after `sentSince` */
  listForAccount(owner: OutboxOwner, sentSince: Date): Promise<OutboxEntry[]>;
  find(owner: OutboxOwner, id: string): Promise<OutboxEntry | null>;
  /**
   * deletes the row only while the worker has not taken it (scheduled, retrying, failed) and it cannot have been
   * sent (never accepted; committing only once it failed); true when deleted
   */
  deleteEditable(owner: OutboxOwner, id: string): Promise<boolean>;
  /** ids of rows due at `now` */
  dueIds(now: Date, limit: number): Promise<string[]>;
  /**
   * takes a due row for one attempt (state sending, attempts + 1, claimed by `owner` until `until`); null when
   * another worker got it first or it was undone
   */
  claim(id: string, now: Date, owner: string, until: Date): Promise<OutboxRow | null>;
  /**
   * the row's message, read a chunk per query (null when none was stored); rejects when the chunks do not add up to
   * the recorded length and SHA-256
   */
  readMessage(row: Pick<OutboxRow, 'id' | 'rawSize' | 'rawSha256'>): Promise<Buffer | null>;
  /** recorded before the end of DATA is released: a crash from here on may leave a message the server took */
  markCommitting(id: string, at: Date): Promise<void>;
  /** recorded the moment SMTP said 250 (with the refused recipients as a warning), before anything else */
  markAccepted(id: string, at: Date, warning: { code: string; message: string } | null): Promise<void>;
  markSent(id: string, at: Date, warning: { code: string; message: string } | null): Promise<void>;
  /** try again at `next`; `answered`: the server refused the end of DATA, so the commit mark is cleared */
  markRetry(id: string, next: Date, error: { code: string; message: string }, answered?: boolean): Promise<void>;
  markFailed(id: string, error: { code: string; message: string }): Promise<void>;
  /**
   * rows a dead process left in `sending` become `retrying` (their attempt is checked against Sent first):
   * all of them (one instance), or only those whose claim expired (several instances share the table)
   */
  recoverInterrupted(now: Date, onlyExpired: boolean): Promise<number>;
  /**
   * rows of the user waiting for a new sign-in (SMTP refused the login): `reseal` gives each the new login, and they
   * are due now; returns how many
   */
  resumeWaitingForSignIn(userId: string, now: Date, reseal: (id: string) => Buffer): Promise<number>;
  /** when the earliest scheduled/retrying row is due, or null */
  nextDue(): Promise<Date | null>;
  removeSentBefore(before: Date): Promise<number>;
  /** failed rows whose last attempt was due before `before` (a failed row keeps that attempt's nextAttemptAt) */
  removeFailedBefore(before: Date): Promise<number>;
}

const EDITABLE: OutboxState[] = ['scheduled', 'retrying', 'failed'];
/** the error of a row whose SMTP login was refused: it waits (state retrying) for the user to sign in again */
export const WAITING_FOR_SIGN_IN = 'compose.auth_failed';

type Row = Awaited<ReturnType<PrismaClient['outboxMessage']['findFirstOrThrow']>>;
/** the column only the worker reads (the sealed login), left out of every other query */
const HEAVY = { sealedAccount: true } as const;
/**
 * The message is written and read in chunks of this size: as one 25 MB bytea, pg's hex and Prisma's base64 coding of
 * the row held the event loop ~0.75 s per read or write; a chunk costs a few ms (decision 010, round 9).
 */
const OUTBOX_CHUNK_BYTES = 256 * 1024;
/** a Buffer's bytes as the Uint8Array Prisma takes, without a copy (`Uint8Array.from` copies byte by byte) */
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
/** what a write returns: without it Prisma reads the whole row back (RETURNING *), message included */
const ONLY_ID = { id: true } as const;
const toEntry = (r: Omit<Row, keyof typeof HEAVY>): OutboxEntry => ({
  id: r.id,
  userId: r.userId,
  accountId: r.accountId,
  messageId: r.messageId,
  state: r.state as OutboxState,
  draft: r.draft as unknown as ComposeDraft,
  rawSize: r.rawSize,
  rawSha256: r.rawSha256,
  envelopeFrom: r.envelopeFrom,
  envelopeTo: r.envelopeTo,
  saveToSent: r.saveToSent,
  sendAt: r.sendAt,
  nextAttemptAt: r.nextAttemptAt,
  attempts: r.attempts,
  errorCode: r.errorCode,
  errorMessage: r.errorMessage,
  sentAt: r.sentAt,
  committingAt: r.committingAt,
  acceptedAt: r.acceptedAt,
});
const toRow = (r: Row): OutboxRow => ({
  ...toEntry(r),
  sealedAccount: r.sealedAccount ? Buffer.from(r.sealedAccount) : null,
});

export function createOutboxRepository(prisma: PrismaClient): OutboxRepository {
  return {
    async insert(row) {
      const { raw } = row;
      // the row and its chunks become visible together, or not at all (a crash or a refused clientKey leaves nothing)
      const created = prisma.$transaction(
        async (tx) => {
          await tx.outboxMessage.create({
            select: ONLY_ID,
            data: {
              clientKey: row.clientKey ?? null,
              id: row.id,
              userId: row.userId,
              accountId: row.accountId,
              messageId: row.messageId,
              state: 'scheduled',
              draft: row.draft as object,
              envelopeFrom: row.envelopeFrom,
              envelopeTo: row.envelopeTo,
              sealedAccount: row.sealedAccount ? bytes(row.sealedAccount) : null,
              saveToSent: row.saveToSent,
              sendAt: row.sendAt,
              nextAttemptAt: row.nextAttemptAt,
            },
          });
          if (!raw) return;
          const hash = createHash('sha256');
          for (let at = 0, seq = 0; at < raw.length; at += OUTBOX_CHUNK_BYTES, seq++) {
            const chunk = raw.subarray(at, at + OUTBOX_CHUNK_BYTES);
            hash.update(chunk);
            await tx.outboxChunk.create({ select: { seq: true }, data: { outboxId: row.id, seq, data: bytes(chunk) } });
          }
          await tx.outboxMessage.update({
            select: ONLY_ID,
            where: { id: row.id },
            data: { rawSize: raw.length, rawSha256: hash.digest('hex') },
          });
        },
        // a chunk per statement: a 25 MB message is ~100 of them, and the machine may be busy
        { maxWait: 10_000, timeout: 120_000 },
      );
      // a concurrent POST with the same key inserted first: the unique (userId, clientKey) refused this one
      return created.then(
        () => true,
        (error: unknown) => {
          if (row.clientKey && (error as { code?: string }).code === 'P2002') return false;
          throw error;
        },
      );
    },

    async findByClientKey(userId, clientKey) {
      const row = await prisma.outboxMessage.findUnique({
        where: { userId_clientKey: { userId, clientKey } },
        omit: HEAVY,
      });
      return row ? toEntry(row) : null;
    },

    async listForAccount({ userId, accountId }, sentSince) {
      const rows = await prisma.outboxMessage.findMany({
        where: { userId, accountId, OR: [{ state: { not: 'sent' } }, { sentAt: { gte: sentSince } }] },
        orderBy: { createdAt: 'asc' },
        omit: HEAVY,
      });
      return rows.map(toEntry);
    },

    async find({ userId, accountId }, id) {
      const row = await prisma.outboxMessage.findFirst({ where: { id, userId, accountId }, omit: HEAVY });
      return row ? toEntry(row) : null;
    },

    async deleteEditable({ userId, accountId }, id) {
      // a row that may be out (recovered after a crash mid-commit) is decided by the worker first, never undone
      const { count } = await prisma.outboxMessage.deleteMany({
        where: {
          id,
          userId,
          accountId,
          state: { in: EDITABLE },
          acceptedAt: null,
          OR: [{ committingAt: null }, { state: 'failed' }],
        },
      });
      return count > 0;
    },

    async dueIds(now, limit) {
      const rows = await prisma.outboxMessage.findMany({
        where: { state: { in: ['scheduled', 'retrying'] }, nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    async claim(id, now, owner, until) {
      // a conditional UPDATE: of two workers (or a worker and an undo) exactly one wins
      const { count } = await prisma.outboxMessage.updateMany({
        where: { id, state: { in: ['scheduled', 'retrying'] }, nextAttemptAt: { lte: now } },
        data: { state: 'sending', attempts: { increment: 1 }, claimedBy: owner, claimedUntil: until },
      });
      if (count === 0) return null;
      const row = await prisma.outboxMessage.findUnique({ where: { id } });
      return row ? toRow(row) : null;
    },

    async readMessage({ id, rawSize, rawSha256 }) {
      if (rawSize === null) return null;
      const chunks: Buffer[] = [];
      const hash = createHash('sha256');
      let read = 0;
      for (let seq = 0; read < rawSize; seq++) {
        const chunk = await prisma.outboxChunk.findUnique({
          where: { outboxId_seq: { outboxId: id, seq } },
          select: { data: true },
        });
        if (!chunk) break;
        const data = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
        hash.update(data);
        chunks.push(data);
        read += data.length;
      }
      if (read !== rawSize || hash.digest('hex') !== rawSha256)
        throw new Error(`outbox message ${id}: stored chunks do not match its length and SHA-256`);
      return Buffer.concat(chunks, read);
    },

    async markCommitting(id, at) {
      await prisma.outboxMessage.update({ select: ONLY_ID, where: { id }, data: { committingAt: at } });
    },

    async markAccepted(id, at, warning) {
      await prisma.outboxMessage.update({
        select: ONLY_ID,
        where: { id },
        data: { acceptedAt: at, errorCode: warning?.code ?? null, errorMessage: warning?.message ?? null },
      });
    },

    async markSent(id, at, warning) {
      // the message is no longer needed once sent; its length and hash stay with the row
      await prisma.$transaction([
        prisma.outboxChunk.deleteMany({ where: { outboxId: id } }),
        prisma.outboxMessage.update({
          select: ONLY_ID,
          where: { id },
          data: {
            state: 'sent',
            sentAt: at,
            claimedBy: null,
            claimedUntil: null,
            sealedAccount: null,
            errorCode: warning?.code ?? null,
            errorMessage: warning?.message ?? null,
          },
        }),
      ]);
    },

    async markRetry(id, next, error, answered = false) {
      await prisma.outboxMessage.update({
        select: ONLY_ID,
        where: { id },
        data: {
          state: 'retrying',
          nextAttemptAt: next,
          ...(answered ? { committingAt: null } : {}),
          errorCode: error.code,
          errorMessage: error.message,
          claimedBy: null,
          claimedUntil: null,
        },
      });
    },

    async markFailed(id, error) {
      await prisma.outboxMessage.update({
        select: ONLY_ID,
        where: { id },
        data: {
          state: 'failed',
          sealedAccount: null,
          errorCode: error.code,
          errorMessage: error.message,
          claimedBy: null,
          claimedUntil: null,
        },
      });
    },

    async recoverInterrupted(now, onlyExpired) {
      const { count } = await prisma.outboxMessage.updateMany({
        where: {
          state: 'sending',
          ...(onlyExpired ? { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] } : {}),
        },
        data: { state: 'retrying', nextAttemptAt: now, claimedBy: null, claimedUntil: null },
      });
      return count;
    },

    async resumeWaitingForSignIn(userId, now, reseal) {
      const waiting = await prisma.outboxMessage.findMany({
        where: { userId, state: 'retrying', errorCode: WAITING_FOR_SIGN_IN },
        select: { id: true },
      });
      let resumed = 0;
      for (const { id } of waiting) {
        const { count } = await prisma.outboxMessage.updateMany({
          where: { id, state: 'retrying', errorCode: WAITING_FOR_SIGN_IN },
          data: { sealedAccount: bytes(reseal(id)), nextAttemptAt: now },
        });
        resumed += count;
      }
      return resumed;
    },

    async nextDue() {
      const row = await prisma.outboxMessage.findFirst({
        where: { state: { in: ['scheduled', 'retrying'] } },
        orderBy: { nextAttemptAt: 'asc' },
        select: { nextAttemptAt: true },
      });
      return row?.nextAttemptAt ?? null;
    },

    async removeSentBefore(before) {
      const { count } = await prisma.outboxMessage.deleteMany({ where: { state: 'sent', sentAt: { lt: before } } });
      return count;
    },

    async removeFailedBefore(before) {
      const { count } = await prisma.outboxMessage.deleteMany({
        where: { state: 'failed', nextAttemptAt: { lt: before } },
      });
      return count;
    },
  };
}
