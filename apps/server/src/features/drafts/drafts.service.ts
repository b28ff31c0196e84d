import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ComposeAttachment, ComposeDraft, ComposeSource } from '@pigeon/shared';
import { apiRoutes, emptyDraft } from '@pigeon/shared';
import type { ComposeRepository } from '../compose/compose.service.ts';
import { buildMessage } from '../compose/mime.ts';
import { AppError } from '../../core/app-error.ts';
import { DRAFT_ID_HEADER, type MailStore } from '../../mail/mail-store.ts';
import { draftNotFound } from '../compose/compose.errors.ts';
import { bareCid, draftPartId } from '../compose/message-parts.ts';

/** The composer state a message cannot carry (identity, what it answers, format), base64url JSON. */
export const DRAFT_STATE_HEADER = 'X-Pigeon-Draft-State';

interface DraftState {
  identityId: string | null;
  source: ComposeSource | null;
  format: ComposeDraft['format'];
}

export const encodeDraftState = (s: DraftState) => Buffer.from(JSON.stringify(s)).toString('base64url');

export function decodeDraftState(value: string | undefined): DraftState | null {
  if (!value) return null;
  try {
    const s = JSON.parse(Buffer.from(value.trim(), 'base64url').toString('utf8')) as Partial<DraftState>;
    return {
      identityId: typeof s.identityId === 'string' ? s.identityId : null,
      source: s.source ?? null,
      format: s.format === 'plain' ? 'plain' : 'html',
    };
  } catch {
    return null;
  }
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** The draft as a message (Message-ID new per save: each copy is a different message to IMAP). */
export async function draftMessage(input: {
  draft: ComposeDraft;
  from: { name: string; email: string };
  replyTo: string | null;
  uploads: ComposeRepository;
  userId: string;
}): Promise<Buffer> {
  const files = new Map(
    (
      await input.uploads.find(
        input.userId,
        input.draft.attachments.map((a) => a.id),
      )
    ).map((f) => [f.id, f]),
  );
  // an attachment removed meanwhile is dropped from the draft rather than failing the autosave
  const draft = { ...input.draft, attachments: input.draft.attachments.filter((a) => files.has(a.id)) };
  const built = await buildMessage({
    draft,
    from: input.from,
    replyTo: input.replyTo,
    files,
    messageId: `<draft.${randomBytes(12).toString('hex')}@${domainOf(input.from.email)}>`,
    date: new Date(),
    headers: {
      [DRAFT_ID_HEADER]: draft.draftId,
      [DRAFT_STATE_HEADER]: encodeDraftState({
        identityId: draft.identityId,
        source: draft.source,
        format: draft.format,
      }),
    },
  });
  return built.raw;
}

/**
 * A draft from Drafts back in the composer: fields, state, and its files. Every file, inline images included, stays
 * in the message (`d.` ids: the draft's id and the file's Content-ID, read from IMAP when shown, saved or sent), so
 * opening copies nothing. A draft another client wrote gets a new draft id and Content-IDs for files that have none;
 * until Pigeon first saves it, its ids also name the opened message and the file's place in it.
 */
export async function openDraft({
  mail,
  path,
  uid,
  maxBytes,
}: {
  /** the account the draft is in (its files' editor URLs name it); parses the draft in a reading worker */
  mail: Pick<MailStore, 'accountId' | 'editable'>;
  /** the folder of the draft */
  path: string;
  uid: number;
  /** the largest draft source read */
  maxBytes: number;
}): Promise<ComposeDraft> {
  const accountId = mail.accountId;
  const parsed = await mail.editable(path, uid, maxBytes).catch((err: unknown) => {
    // busy or too complex keep their own codes; a draft that is gone or larger than a draft can be is not found
    throw err instanceof AppError && (err.code === 'message.busy' || err.code === 'message.too_complex')
      ? err
      : draftNotFound();
  });
  const h = parsed.headers;
  const state = decodeDraftState(h.draftState ?? undefined);
  const headerId = h.draftId?.trim();
  const pigeonDraftId = headerId && /^[0-9a-f-]{36}$/i.test(headerId) ? headerId : null;
  const draftId = pigeonDraftId ?? randomUUID();
  const bcc = h.bcc.filter((a) => a.address);
  let html = parsed.html;
  const attachments: ComposeAttachment[] = [];
  for (const [i, a] of parsed.attachments.entries()) {
    const own = bareCid(a.cid ?? undefined);
    const inline = Boolean(own && html.includes(`cid:${own}`));
    const cid =
      own ||
      `${createHash('sha256')
        .update(JSON.stringify([draftId, i]))
        .digest('hex')
        .slice(0, 32)}@pigeon`;
    // a Pigeon draft's copies are found by draft id and Content-ID; anything else by its place in this message
    const origin = pigeonDraftId && own ? undefined : { uid, index: i };
    const id = draftPartId({ path, draftId, cid, origin });
    if (inline) html = html.split(`cid:${own}`).join(apiRoutes.composeAttachment(accountId, id));
    attachments.push({
      id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      inline,
    });
  }
  return {
    ...emptyDraft(state?.identityId ?? null),
    draftId,
    to: h.to.filter((a) => a.address),
    cc: h.cc.filter((a) => a.address),
    bcc,
    subject: h.subject,
    format: state?.format ?? (html ? 'html' : 'plain'),
    html,
    text: parsed.text,
    attachments,
    inReplyTo: h.inReplyTo,
    references: h.references,
    source: state?.source ?? null,
  };
}
