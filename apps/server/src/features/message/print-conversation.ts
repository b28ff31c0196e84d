import type { PrintLang } from '@pigeon/shared';
import type { PrintInput } from './print-document.ts';
import { headerBlock, printHint, printLabels, printPage, printSubject, shieldedHead } from './print-document.ts';
import { escapeHtml, READER_BASE_CSS } from '../../mail/reading/sanitize.ts';

// The print view of a whole conversation (decision 038, extending 032): every message on one page, oldest first.
// Each message sits in a declarative shadow root of its own, so one message's CSS (filtered, but free to style any
// element of its document) cannot hide or restyle another message; inside it, Pigeon's header block is a nested
// shadow root as in the single-message view, so the message cannot hide its own headers either. Nothing here runs.

/** the reader's base CSS moved onto the message's host: `html`/`body` rules do not match inside a shadow root */
const MESSAGE_CSS =
  ':host{display:block;padding:16px 0;border-top:1px solid #d1d5db;font:14px/1.5 system-ui,-apple-system,"Segoe UI",' +
  'Roboto,"Noto Sans KR","Apple SD Gothic Neo",sans-serif;overflow-wrap:anywhere;break-inside:auto}';

export interface ConversationPrintInput {
  /** the messages, oldest first: each one's details and its sanitized body fragment (as the single view has them) */
  messages: Omit<PrintInput, 'lang' | 'timeZone'>[];
  lang: PrintLang;
  timeZone?: string;
}

/** One message of the page: its own shadow root (its CSS stays inside), headers shielded again inside it. Pure. */
const messageSection = (
  { detail, bodyHtml }: ConversationPrintInput['messages'][number],
  lang: PrintLang,
  tz?: string,
) =>
  `<article data-testid="print-message" data-uid="${detail.uid}"><template shadowrootmode="open">` +
  `<style>${READER_BASE_CSS}${MESSAGE_CSS}</style>${shieldedHead(headerBlock(detail, lang, tz))}` +
  `<div data-testid="print-body">${bodyHtml}</div></template></article>`;

/** The print page of a conversation: the hint and its subject, then every message with its headers. Pure. */
export function printConversationDocument({ messages, lang, timeZone }: ConversationPrintInput): string {
  const subject = printSubject(messages[0]?.detail.subject ?? '', lang);
  const count = printLabels(lang).conversation.replace('{n}', String(messages.length));
  const top =
    printHint(lang) +
    `<h1 data-testid="print-conversation-subject">${escapeHtml(subject)}</h1>` +
    `<p data-testid="print-conversation-count">${escapeHtml(count)}</p>`;
  return printPage(
    lang,
    subject,
    shieldedHead(top, 'print-conversation-head') + messages.map((m) => messageSection(m, lang, timeZone)).join(''),
  );
}
