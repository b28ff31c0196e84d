import { Type, type Static } from '@sinclair/typebox';
import { Address } from './message.schemas.ts';

/** An uploaded attachment or pasted image; `inline` ones are referenced from the HTML as `cid:<id>`. */
export const ComposeAttachment = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  inline: Type.Boolean(),
});
export type ComposeAttachment = Static<typeof ComposeAttachment>;

/** The message being answered or forwarded: gets \Answered or $Forwarded once this one is sent. */
export const ComposeSource = Type.Object({
  path: Type.String({ minLength: 1 }),
  uid: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('reply'), Type.Literal('forward')]),
});
export type ComposeSource = Static<typeof ComposeSource>;

/**
 * Everything the composer holds. `draftId` names the draft across autosaves (its copy in Drafts is replaced,
 * never piled up); `html` is the rich body, `text` the plain one (the only body when `format` is plain).
 */
export const ComposeDraft = Type.Object({
  draftId: Type.String({ format: 'uuid' }),
  identityId: Type.Union([Type.String(), Type.Null()]),
  to: Type.Array(Address, { maxItems: 500 }),
  cc: Type.Array(Address, { maxItems: 500 }),
  bcc: Type.Array(Address, { maxItems: 500 }),
  subject: Type.String({ maxLength: 2000 }),
  format: Type.Union([Type.Literal('html'), Type.Literal('plain')]),
  html: Type.String(),
  text: Type.String(),
  attachments: Type.Array(ComposeAttachment, { maxItems: 100 }),
  inReplyTo: Type.Union([Type.String(), Type.Null()]),
  references: Type.Array(Type.String(), { maxItems: 100 }),
  source: Type.Union([ComposeSource, Type.Null()]),
});
export type ComposeDraft = Static<typeof ComposeDraft>;

/** An empty draft with a new id (the same on the server and in the browser). */
export function emptyDraft(identityId: string | null = null): ComposeDraft {
  return {
    draftId: globalThis.crypto.randomUUID(),
    identityId,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    format: 'html',
    html: '',
    text: '',
    attachments: [],
    inReplyTo: null,
    references: [],
    source: null,
  };
}

export const PREFILL_MODES = ['reply', 'replyAll', 'forward', 'forwardAttachment'] as const;
export type PrefillMode = (typeof PREFILL_MODES)[number];

/** POST /api/accounts/:accountId/compose/prefill: a new draft answering or forwarding a message (quoted body, headers, attachments). */
export const PrefillBody = Type.Object({
  // literal by literal: the TypeBox type provider infers a mapped union as never
  mode: Type.Union([
    Type.Literal('reply'),
    Type.Literal('replyAll'),
    Type.Literal('forward'),
    Type.Literal('forwardAttachment'),
  ]),
  path: Type.String({ minLength: 1 }),
  uid: Type.Integer({ minimum: 1 }),
});
export type PrefillBody = Static<typeof PrefillBody>;

/** GET /api/accounts/:accountId/compose/limits: the largest total of attachments (configuration, SMTP SIZE and IMAP APPENDLIMIT). */
export const ComposeLimits = Type.Object({ maxAttachmentBytes: Type.Integer(), undoSeconds: Type.Integer() });
export type ComposeLimits = Static<typeof ComposeLimits>;

/** POST /api/accounts/:accountId/drafts answers with the UID of the draft's one copy in Drafts. */
export const SavedDraft = Type.Object({
  draftId: Type.String(),
  path: Type.String(),
  uid: Type.Union([Type.Integer(), Type.Null()]),
});
export type SavedDraft = Static<typeof SavedDraft>;

export const DraftIdParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  draftId: Type.String({ format: 'uuid' }),
});
export type DraftIdParams = Static<typeof DraftIdParams>;

/** An upload's uuid, or `m.<base64url>` naming a file of a message in the user's mailbox (a forward's files). */
export const AttachmentIdParams = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  id: Type.String({ pattern: '^([0-9a-fA-F-]{36}|[md]\\.[A-Za-z0-9_-]{1,990})$' }),
});
export type AttachmentIdParams = Static<typeof AttachmentIdParams>;

/** Header naming the file of an attachment upload (the body is the raw bytes), encodeURIComponent'ed. */
export const UPLOAD_FILENAME_HEADER = 'x-filename';
/** Header marking an upload as an image pasted into the body (sent as an inline cid: part). */
export const UPLOAD_INLINE_HEADER = 'x-inline';
