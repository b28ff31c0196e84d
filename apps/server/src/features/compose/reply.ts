import type { Address } from '@pigeon/shared';
import { uniqueAddresses } from '@pigeon/shared';

/** What reply and forward need of the original message. */
export interface OriginalMessage {
  messageId: string | null;
  references: string[];
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** ISO */
  date: string;
}

const REPLY_PREFIX = /^\s*(re|aw|sv|antw|답장|회신)\s*(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr|전달)\s*:\s*/i;

/** `Re: <subject>`, not `Re: Re: …`: one existing reply prefix (any common language) is replaced. */
export function replySubject(subject: string): string {
  const base = subject.trim().replace(REPLY_PREFIX, '');
  return `Re: ${base}`.trimEnd();
}

/** `Fwd: <subject>`, keeping the subject as it is unless it already starts with a forward prefix. */
export function forwardSubject(subject: string): string {
  const base = subject.trim().replace(FORWARD_PREFIX, '');
  return `Fwd: ${base}`.trimEnd();
}

const MAX_REFERENCES = 20;

/** In-Reply-To and References for a reply (RFC 5322 §3.6.4): the parent's References plus its Message-ID, capped. */
export function replyThreading(original: Pick<OriginalMessage, 'messageId' | 'references'>): {
  inReplyTo: string | null;
  references: string[];
} {
  const refs = [...new Set([...original.references, ...(original.messageId ? [original.messageId] : [])])];
  // keep the thread root and the most recent ancestors, as most clients do
  const capped = refs.length > MAX_REFERENCES ? [refs[0]!, ...refs.slice(-(MAX_REFERENCES - 1))] : refs;
  return { inReplyTo: original.messageId, references: capped };
}

/**
 * Recipients of a reply: Reply-To (or From) of the original; reply-all adds its To and Cc. The user's own
 * addresses never appear, except that replying to one's own sent message goes to its original recipients.
 */
export function replyRecipients(
  original: OriginalMessage,
  all: boolean,
  ownAddresses: string[],
): { to: Address[]; cc: Address[] } {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const notOwn = (a: Address) => !own.has(a.address.toLowerCase());
  const fromSelf = original.from !== null && own.has(original.from.address.toLowerCase());
  const author = original.replyTo.length ? original.replyTo : original.from ? [original.from] : [];
  const primary = fromSelf ? original.to : author;
  const to = uniqueAddresses(all ? [...primary, ...original.to] : primary).filter(notOwn);
  const toKeys = new Set(to.map((a) => a.address.toLowerCase()));
  const cc = all ? uniqueAddresses(original.cc).filter((a) => notOwn(a) && !toKeys.has(a.address.toLowerCase())) : [];
  return { to, cc };
}

const display = (a: Address | null) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '');
const list = (l: Address[]) => l.map(display).join(', ');
const formatDate = (iso: string) => new Date(iso).toUTCString();

/** `On <date>, <sender> wrote:` */
export function attribution(original: OriginalMessage): string {
  return `On ${formatDate(original.date)}, ${display(original.from) || 'an unknown sender'} wrote:`;
}

/** The plain-text quote: attribution, then every line prefixed with `> `. */
export function quoteText(original: OriginalMessage, text: string): string {
  const body = text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  const quoted = body.split('\n').map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`));
  return `\n\n${attribution(original)}\n${quoted.join('\n')}\n`;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML quote: attribution paragraph and the (already sanitized) original in a cite blockquote. */
export function quoteHtml(original: OriginalMessage, safeHtml: string): string {
  return `<p></p><p>${escapeHtml(attribution(original))}</p><blockquote type="cite">${safeHtml}</blockquote>`;
}

/** The header block of an inline forward, as lines of text. */
export function forwardHeaderLines(original: OriginalMessage): string[] {
  return [
    '---------- Forwarded message ---------',
    `From: ${display(original.from)}`,
    `Date: ${formatDate(original.date)}`,
    `Subject: ${original.subject}`,
    `To: ${list(original.to)}`,
    ...(original.cc.length ? [`Cc: ${list(original.cc)}`] : []),
  ];
}

export function forwardText(original: OriginalMessage, text: string): string {
  return `\n\n${forwardHeaderLines(original).join('\n')}\n\n${text.replace(/\r\n/g, '\n')}`;
}

export function forwardHtml(original: OriginalMessage, safeHtml: string): string {
  return `<p></p><p>${forwardHeaderLines(original).map(escapeHtml).join('<br>')}</p><blockquote>${safeHtml}</blockquote>`;
}

/** A plain-text body as HTML paragraphs (for quoting a text-only message in the rich editor). */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
