import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposeDraft } from '@pigeon/shared';
import { formatAddress } from '@pigeon/shared';
import { htmlToText } from '../../mail/reading/preview.ts';
import { attachmentCid, isUploadId } from './message-parts.ts';

export interface ComposeFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface BuildInput {
  draft: ComposeDraft;
  from: { name: string; email: string };
  replyTo: string | null;
  /** uploaded files by attachment id */
  files: Map<string, ComposeFile>;
  /** `<…@…>`, fixed for the life of the message */
  messageId: string;
  date: Date;
  /** extra header, e.g. the draft marker */
  headers?: Record<string, string>;
}

export interface BuiltMessage {
  /** the whole message, Bcc header included (the Sent and Drafts copies keep it; SMTP gets withoutBcc) */
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

/** The cid of an inline image: the same stable Content-ID every file of a draft gets (`attachmentCid`). */
export const inlineCid = (id: string) => attachmentCid(attachmentKey(id));

/** Upload ids are UUIDs in any case; `d.`/`m.` ids are base64url, where case matters. */
const attachmentKey = (id: string) => (isUploadId(id) ? id.toLowerCase() : id);

// any account's upload URL (`/api/accounts/<id>/compose/attachments/`), and the pre-account one of an open editor
const UPLOAD_URL_PREFIX = '/api(?:/accounts/[0-9a-fA-F-]{36})?/compose/attachments/';

/**
 * Points the editor's `<img src="…/compose/attachments/<id>">` at `cid:` parts (an upload, or a file that stays
 * in an opened draft or a forwarded message); returns the ids used.
 */
export function inlineImages(html: string): { html: string; used: Set<string> } {
  const used = new Set<string>();
  const re = new RegExp(
    `(<img\\b[^>]*?\\ssrc\\s*=\\s*["'])(?:https?://[^"'/]+)?${UPLOAD_URL_PREFIX}([0-9a-fA-F-]{36}|[dm]\\.[A-Za-z0-9_-]{1,1500})(["'])`,
    'gi',
  );
  const out = html.replace(re, (_m, start: string, id: string, end: string) => {
    used.add(attachmentKey(id));
    return `${start}cid:${inlineCid(id)}${end}`;
  });
  return { html: out, used };
}

/**
 * Builds the RFC 5322 message with nodemailer: multipart/alternative (text + HTML) for rich bodies,
 * inline images as multipart/related cid: parts, the rest as attachments. Pure apart from nodemailer.
 */
export async function buildMessage(input: BuildInput): Promise<BuiltMessage> {
  const { draft } = input;
  const rich = draft.format === 'html';
  const { html, used } = rich ? inlineImages(draft.html) : { html: '', used: new Set<string>() };
  const attachments = draft.attachments.map((a) => {
    const file = input.files.get(a.id);
    if (!file) throw new Error(`attachment ${a.id} has no stored file`);
    const inline = used.has(attachmentKey(a.id));
    return {
      filename: file.filename,
      content: file.content,
      contentType: file.contentType,
      // every other file carries a stable Content-ID too (as a header: `cid` would move it into
      // multipart/related), which names it when the draft is opened again (message-parts.ts `d.` ids)
      ...(inline
        ? { cid: inlineCid(a.id), contentDisposition: 'inline' }
        : { headers: { 'Content-ID': `<${attachmentCid(a.id)}>` } }),
    };
  });
  const composer = new MailComposer({
    from: formatAddress({ name: input.from.name, address: input.from.email }),
    to: draft.to.map(formatAddress),
    cc: draft.cc.map(formatAddress),
    bcc: draft.bcc.map(formatAddress),
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: draft.subject,
    messageId: input.messageId,
    date: input.date,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length ? { references: draft.references } : {}),
    text: rich ? htmlToText(html) : draft.text,
    ...(rich ? { html } : {}),
    attachments,
    headers: input.headers ?? {},
  });
  const node = composer.compile();
  node.keepBcc = true;
  const raw = await node.build();
  const envelope = node.getEnvelope();
  return { raw, envelope: { from: envelope.from || input.from.email, to: envelope.to } };
}

/**
 * Where a message's header ends: just after the line break of its last line, where the empty line starts (the
 * length when there is none). Looks only at line breaks up to there, never at the body.
 */
function headerEnd(raw: Buffer): number {
  for (let nl = raw.indexOf(0x0a); nl !== -1; nl = raw.indexOf(0x0a, nl + 1)) {
    if (raw[nl + 1] === 0x0a || (raw[nl + 1] === 0x0d && raw[nl + 2] === 0x0a)) return nl + 1;
  }
  return raw.length;
}

/**
 * The message without its Bcc header (what recipients must not see); the rest byte for byte. Only the header is
 * turned into text: the whole of an 18 MB forward as a string and back blocked the event loop ~0.5 s (decision 010).
 */
export function withoutBcc(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const lines = raw
    .subarray(0, end)
    .toString('latin1')
    .split(/(?<=\n)/);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const continuation = /^[ \t]/.test(line);
    if (!continuation) dropping = /^bcc\s*:/i.test(line);
    if (!dropping) kept.push(line);
  }
  return Buffer.concat([Buffer.from(kept.join(''), 'latin1'), raw.subarray(end)]);
}
