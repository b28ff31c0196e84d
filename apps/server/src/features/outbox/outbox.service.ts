import { randomUUID } from 'node:crypto';
import type { Address, ComposeDraft, OutboxItem } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import type { AuthedSession } from '../../core/auth.types.ts';
import { composeErrors } from '../compose/compose.errors.ts';
import { checkAttachmentTotal, validateRecipients, type ComposeRepository } from '../compose/compose.service.ts';
import { buildMessage } from '../compose/mime.ts';
import { resolveIdentity, type SettingsRepository } from '../settings/settings.service.ts';
import { sealAccount } from './outbox-credentials.ts';
import { outboxNotFound, tooLate } from './outbox.errors.ts';
import type { OutboxEntry, OutboxOwner, OutboxRepository } from './outbox.repository.ts';

/** How long a sent message stays listed (the UI shows "sent" briefly). */
export const SENT_VISIBLE_MS = 10 * 60_000;

export function toOutboxItem(row: Omit<OutboxEntry, 'rawSize' | 'rawSha256'>): OutboxItem {
  return {
    id: row.id,
    messageId: row.messageId,
    state: row.state,
    subject: row.draft.subject,
    to: [...row.draft.to, ...row.draft.cc, ...row.draft.bcc].map((a) => a.address),
    sendAt: row.sendAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    attempts: row.attempts,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
  };
}

export interface EnqueueDeps {
  auth: AuthedSession;
  config: Pick<Config, 'sendUndoSeconds' | 'sendAs' | 'smtpSavesSentHosts' | 'attachmentMaxBytes'>;
  serverSecret: Buffer;
  outbox: OutboxRepository;
  uploads: ComposeRepository;
  settings: SettingsRepository;
  /** where the addresses a user sends to are learned for autocomplete (the contacts repository) */
  contacts: { record(userId: string, addresses: Address[], at: Date): Promise<void> };
  now?: () => Date;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/**
 * Builds the message once (its Message-ID fixed for every retry) and stores it, with the account sealed by the
 * server secret, before answering: once this resolves, nothing the user wrote can be lost.
 */
/**
 * Queues a message. With `clientKey` (a device replaying what it queued offline) a message already queued under
 * that key is answered as it is, never queued twice, also when two POSTs race (decision 031).
 */
export async function enqueueMessage(
  deps: EnqueueDeps,
  draft: ComposeDraft,
  clientKey?: string,
): Promise<{ item: OutboxItem; replayed: boolean }> {
  const { auth } = deps;
  const earlier = async () => {
    const row = clientKey ? await deps.outbox.findByClientKey(auth.userId, clientKey) : null;
    return row && { item: toOutboxItem(row), replayed: true };
  };
  const found = await earlier();
  if (found) return found;
  const now = (deps.now ?? (() => new Date()))();
  validateRecipients(draft, true);
  const identity = await resolveIdentity({
    repo: deps.settings,
    userId: auth.userId,
    email: auth.email,
    account: auth.account.email,
    policy: deps.config.sendAs,
    identityId: draft.identityId,
  });
  const stored = await deps.uploads.find(
    auth.userId,
    draft.attachments.map((a) => a.id),
  );
  if (stored.length !== new Set(draft.attachments.map((a) => a.id)).size) throw composeErrors.attachmentNotFound();
  checkAttachmentTotal(stored, deps.config.attachmentMaxBytes);

  const id = randomUUID();
  const messageId = `<${randomUUID()}@${domainOf(identity.email)}>`;
  const built = await buildMessage({
    draft,
    from: { name: identity.name, email: identity.email },
    replyTo: identity.replyTo,
    files: new Map(stored.map((f) => [f.id, f])),
    messageId,
    date: now,
  });
  const sendAt = new Date(now.getTime() + deps.config.sendUndoSeconds * 1000);
  const row = {
    id,
    userId: auth.userId,
    accountId: auth.account.id,
    messageId,
    draft: { ...draft, attachments: draft.attachments.filter((a) => stored.some((s) => s.id === a.id)) },
    raw: built.raw,
    envelopeFrom: built.envelope.from,
    envelopeTo: built.envelope.to,
    sealedAccount: sealAccount(auth.account, deps.serverSecret, id),
    saveToSent: !deps.config.smtpSavesSentHosts.includes(auth.account.smtp.host.toLowerCase()),
    sendAt,
    nextAttemptAt: sendAt,
    clientKey: clientKey ?? null,
  };
  if (!(await deps.outbox.insert(row))) {
    const raced = await earlier();
    if (raced) return raced;
  }
  await deps.contacts.record(auth.userId, [...draft.to, ...draft.cc, ...draft.bcc], now).catch(() => {});
  const item = toOutboxItem({
    ...row,
    state: 'scheduled',
    attempts: 0,
    errorCode: null,
    errorMessage: null,
    sentAt: null,
    committingAt: null,
    acceptedAt: null,
  });
  return { item, replayed: false };
}

export async function listOutbox({
  outbox,
  owner,
  now = new Date(),
}: {
  outbox: OutboxRepository;
  owner: OutboxOwner;
  now?: Date;
}): Promise<OutboxItem[]> {
  const rows = await outbox.listForAccount(owner, new Date(now.getTime() - SENT_VISIBLE_MS));
  return rows.map(toOutboxItem);
}

/** Undo (or edit after a failure): takes the message out of the outbox and returns it to the composer. */
export async function takeBack({
  outbox,
  owner,
  id,
}: {
  outbox: OutboxRepository;
  owner: OutboxOwner;
  id: string;
}): Promise<ComposeDraft> {
  const row = await outbox.find(owner, id);
  if (!row) throw outboxNotFound();
  if (!(await outbox.deleteEditable(owner, id))) throw tooLate();
  return row.draft;
}
