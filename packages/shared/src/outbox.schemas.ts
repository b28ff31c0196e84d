import { Type, type Static } from '@sinclair/typebox';

/**
 * scheduled: inside the undo window · sending: handed to SMTP · retrying: a transient failure, waiting
 * for the next attempt · sent: accepted by SMTP (and copied to Sent) · failed: refused for good, editable.
 */
export const OUTBOX_STATES = ['scheduled', 'sending', 'retrying', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OutboxItem = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  // literal by literal: the TypeBox type provider infers a mapped union as never
  state: Type.Union([
    Type.Literal('scheduled'),
    Type.Literal('sending'),
    Type.Literal('retrying'),
    Type.Literal('sent'),
    Type.Literal('failed'),
  ]),
  subject: Type.String(),
  to: Type.Array(Type.String()),
  /** end of the undo window */
  sendAt: Type.String(),
  nextAttemptAt: Type.String(),
  attempts: Type.Integer(),
  /** the last failure, with the mail server's own words when it gave any */
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
});
export type OutboxItem = Static<typeof OutboxItem>;

/** GET /api/accounts/:accountId/outbox: unfinished and failed messages, and those sent in the last minutes. */
export const OutboxList = Type.Object({ items: Type.Array(OutboxItem) });
export type OutboxList = Static<typeof OutboxList>;

export const OutboxParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  id: Type.String({ format: 'uuid' }),
});
export type OutboxParams = Static<typeof OutboxParams>;

/**
 * The header a device sends with a message it queued offline (decision 031): a second POST with the same key
 * answers the message the first one queued instead of queueing it again, so a replay never sends twice.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const OutboxPostHeaders = Type.Object({
  [IDEMPOTENCY_KEY_HEADER]: Type.Optional(Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' })),
});
export type OutboxPostHeaders = Static<typeof OutboxPostHeaders>;
