import type { AddressObject, ParsedMail } from 'mailparser';
import type { Address, ComposeAttachment, ComposeDraft, PrefillMode } from '@pigeon/shared';
import { emptyDraft, isValidAddress } from '@pigeon/shared';
import type { MailStore } from '../../mail/mail-store.ts';
import { attachmentTooLarge } from '../../mail/message.errors.ts';
import { emlAttachmentName, messagePartId } from './message-parts.ts';
import type { Reading } from '../../mail/reading/reading-cache.ts';
import { composeErrors } from './compose.errors.ts';
import type { ComposeRepository } from './compose.repository.ts';

// other features reach the uploads' shape through the service (style rule 14)
export type { ComposeRepository, StoredUpload } from './compose.repository.ts';
import {
  forwardHtml,
  forwardSubject,
  forwardText,
  quoteHtml,
  quoteText,
  replyRecipients,
  replySubject,
  replyThreading,
  textToHtml,
  type OriginalMessage,
} from './reply.ts';

/** A composer's JSON (body HTML with quoted images can be large; files travel separately). */
export const DRAFT_BODY_LIMIT = 16 * 1024 * 1024;

/** Rejects a draft with an invalid address (naming the field), or without any recipient when `sending`. */
export function validateRecipients(draft: Pick<ComposeDraft, 'to' | 'cc' | 'bcc'>, sending: boolean): void {
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const a of draft[field]) if (!isValidAddress(a.address)) throw composeErrors.invalidAddress(field, a.address);
  }
  if (sending && draft.to.length + draft.cc.length + draft.bcc.length === 0) throw composeErrors.noRecipients();
}

// base64 grows a file by 4/3, plus headers and the body: what is left of a whole-message limit for attachments
const attachmentShare = (messageLimit: number) => Math.max(0, Math.floor(((messageLimit - 64 * 1024) * 3) / 4));

/** The largest total of attachments: ATTACHMENT_MAX_BYTES, and what SMTP SIZE and IMAP APPENDLIMIT leave. Pure. */
export function attachmentLimit(configured: number, smtpSize: number, appendLimit: number): number {
  const limits = [configured];
  if (smtpSize > 0) limits.push(attachmentShare(smtpSize));
  if (appendLimit > 0) limits.push(attachmentShare(appendLimit));
  return Math.min(...limits);
}

/** Throws compose.too_large when the attachments add up to more than `limit`. */
export function checkAttachmentTotal(attachments: Pick<ComposeAttachment, 'size'>[], limit: number): void {
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  if (total > limit) throw composeErrors.tooLarge(limit);
}

/** Throws compose.quota_exceeded when `adding` more bytes would take the user's uploads past UPLOAD_QUOTA_BYTES. */
export async function checkUploadQuota(input: {
  uploads: ComposeRepository;
  userId: string;
  adding: number;
  quota: number;
}): Promise<void> {
  if ((await input.uploads.usedBytes(input.userId)) + input.adding > input.quota)
    throw composeErrors.quotaExceeded(input.quota);
}

const addresses = (v: AddressObject | AddressObject[] | undefined): Address[] =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => a.address)
    .map((a) => ({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim() }));

const referencesOf = (r: string | string[] | undefined): string[] =>
  Array.isArray(r) ? r : r ? r.split(/\s+/).filter(Boolean) : [];

/** The fields reply and forward need, from a parsed message. */
export function toOriginal(parsed: ParsedMail): OriginalMessage {
  return {
    messageId: parsed.messageId ?? null,
    references: referencesOf(parsed.references),
    subject: parsed.subject ?? '',
    from: addresses(parsed.from)[0] ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    date: (parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : new Date(0)).toISOString(),
  };
}

/** The fields reply and forward need, from the reader's reading of a message (no second fetch or parse). */
export function originalOf(reading: Reading): OriginalMessage {
  const h = reading.headers;
  return {
    messageId: h.messageId,
    references: h.references,
    subject: h.subject || reading.summary.subject,
    from: h.from ?? reading.summary.from,
    to: h.to,
    cc: h.cc,
    replyTo: h.replyTo,
    date: h.date ?? reading.summary.date,
  };
}

export interface PrefillDeps {
  /** the account the original is in: its reading (cached) gives headers, quote and the attachment list */
  mail: Pick<MailStore, 'reading' | 'size'>;
  path: string;
  uid: number;
  mode: PrefillMode;
  /** every address that is the user's (sign-in address and identities), left out of reply-all */
  ownAddresses: string[];
  /** ATTACHMENT_MAX_BYTES: the largest file copied from the original */
  maxBytes: number;
}

/** A new draft that replies to or forwards message `uid` of `path`: recipients, subject, threading, quote, files. */
export async function prefillDraft(deps: PrefillDeps): Promise<{ draft: ComposeDraft; original: OriginalMessage }> {
  const { mail, uid, path, maxBytes } = deps;
  const reading = await mail.reading(path, uid);
  const original = originalOf(reading);
  const html = reading.bodyHtml ?? '';
  const text = reading.text;
  const safeHtml = html || textToHtml(text);
  const draft = emptyDraft();

  if (deps.mode === 'reply' || deps.mode === 'replyAll') {
    const { to, cc } = replyRecipients(original, deps.mode === 'replyAll', deps.ownAddresses);
    const { inReplyTo, references } = replyThreading(original);
    return {
      original,
      draft: {
        ...draft,
        to,
        cc,
        subject: replySubject(original.subject),
        html: quoteHtml(original, safeHtml),
        text: quoteText(original, text),
        inReplyTo,
        references,
        source: { path: deps.path, uid: deps.uid, kind: 'reply' },
      },
    };
  }

  // the files stay in the original message: each attachment id names its part there (no second copy)
  const attachments: ComposeAttachment[] =
    deps.mode === 'forwardAttachment'
      ? [
          {
            id: messagePartId({ path, uid, part: null }),
            filename: emlAttachmentName(original.subject),
            contentType: 'message/rfc822',
            size: await mail.size(path, uid),
            inline: false,
          },
        ]
      : reading.attachments
          .filter((a) => !(a.inline && a.cid))
          .map((a) => ({
            id: messagePartId({ path, uid, part: a.id }),
            filename: a.filename,
            contentType: a.contentType,
            size: a.size,
            inline: false,
          }));
  if (attachments.some((a) => a.size > maxBytes)) throw attachmentTooLarge(maxBytes);
  const inline = deps.mode === 'forward';
  return {
    original,
    draft: {
      ...draft,
      subject: forwardSubject(original.subject),
      html: inline ? forwardHtml(original, safeHtml) : '',
      text: inline ? forwardText(original, text) : '',
      attachments,
      source: { path: deps.path, uid: deps.uid, kind: 'forward' },
    },
  };
}
