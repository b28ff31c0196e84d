// Helpers for the writing-mail integration tests: drafts, the outbox through the API, and mailboxes seen over IMAP.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { apiRoutes, type ComposeDraft, type OutboxItem, type OutboxList } from '@pigeon/shared';
import { imapClient, type MailUser } from '@pigeon/mail-fixture';

/** A draft to `to` with sensible defaults. */
export function draftTo(to: string | string[], over: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    draftId: randomUUID(),
    identityId: null,
    to: (Array.isArray(to) ? to : [to]).map((address) => ({ name: '', address })),
    cc: [],
    bcc: [],
    subject: `Test ${randomUUID().slice(0, 8)}`,
    format: 'html',
    html: '<p>Hello from <b>Pigeon</b></p>',
    text: '',
    attachments: [],
    inReplyTo: null,
    references: [],
    source: null,
    ...over,
  };
}

/** Polls `probe` until it returns something other than undefined/false (a condition, not a fixed sleep). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Who acts: a signed-in device's headers and the account whose routes it calls (`signIn()` gives both). */
export interface Sender {
  headers: Record<string, string>;
  accountId: string;
}

export async function queue(
  app: FastifyInstance,
  { headers, accountId }: Sender,
  draft: ComposeDraft,
): Promise<OutboxItem> {
  const url = apiRoutes.outbox(accountId);
  const res = await app.inject({ method: 'POST', url, headers, payload: draft });
  if (res.statusCode !== 201) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json<OutboxItem>();
}

export async function outboxItem(
  app: FastifyInstance,
  { headers, accountId }: Sender,
  id: string,
): Promise<OutboxItem | undefined> {
  const res = await app.inject({ method: 'GET', url: apiRoutes.outbox(accountId), headers });
  return res.json<OutboxList>().items.find((i) => i.id === id);
}

/** Waits until the outbox item reaches `state`, and returns it. */
export function waitForState(
  app: FastifyInstance,
  who: Sender,
  id: string,
  state: OutboxItem['state'],
  timeoutMs = 30_000,
): Promise<OutboxItem> {
  return waitFor(
    async () => {
      const item = await outboxItem(app, who, id);
      return item?.state === state ? item : undefined;
    },
    `outbox item ${id} to be ${state}`,
    timeoutMs,
  );
}

/** Every message in `folder` of `user` whose Message-ID is `messageId`, parsed. */
export async function findByMessageId(
  user: MailUser,
  folder: string,
  messageId: string,
): Promise<{ uid: number; flags: string[]; parsed: ParsedMail }[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
      const out = [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { source: true, flags: true }, { uid: true });
        if (msg && msg.source)
          out.push({
            uid,
            flags: [...(msg.flags ?? [])],
            parsed: await simpleParser(msg.source, { keepCidLinks: true }),
          });
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Waits for exactly-one-or-more copies of a message in a folder and returns them. */
export function waitForMessage(user: MailUser, folder: string, messageId: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const found = await findByMessageId(user, folder, messageId);
      return found.length ? found : undefined;
    },
    `${messageId} in ${user.email}/${folder}`,
    timeoutMs,
  );
}

/** Flags of one message. */
export async function flagsOf(user: MailUser, folder: string, uid: number): Promise<string[]> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const msg = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return [...((msg && msg.flags) || [])];
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
