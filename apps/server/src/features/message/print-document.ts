import type { Address, MessageDetail, PrintLang } from '@pigeon/shared';
import { escapeHtml, READER_BASE_CSS } from '../../mail/reading/sanitize.ts';

// The print view (decision 032): one document with Pigeon's header block and the sanitized body, served under the
// reader frame's CSP (no script at all), so the browser's own Print prints it whole; nothing here runs.

const LABELS = {
  en: {
    from: 'From',
    to: 'To',
    cc: 'Cc',
    replyTo: 'Reply to',
    date: 'Date',
    attachments: 'Attachments',
    noSubject: '(no subject)',
    hint: 'Use your browser’s Print command to print this page (Ctrl+P, or ⌘P on a Mac).',
    conversation: 'A conversation of {n} messages, oldest first',
  },
  ko: {
    from: '보낸 사람',
    to: '받는 사람',
    cc: '참조',
    replyTo: '회신 주소',
    date: '날짜',
    attachments: '첨부 파일',
    noSubject: '(제목 없음)',
    hint: '브라우저의 인쇄 명령으로 이 페이지를 인쇄하세요 (Ctrl+P, Mac에서는 ⌘P).',
    conversation: '메시지 {n}개의 대화, 오래된 순',
  },
} as const satisfies Record<PrintLang, Record<string, string>>;

export type PrintLabels = (typeof LABELS)[PrintLang];
export const printLabels = (lang: PrintLang): PrintLabels => LABELS[lang];

export interface PrintInput {
  detail: MessageDetail;
  /** the sanitized body fragment (the reader frame's body), or an escaped <pre> of a plain-text message */
  bodyHtml: string;
  lang: PrintLang;
  /** IANA time zone of the reader; an unknown one prints in UTC */
  timeZone?: string;
}

/** The date as the reader would read it (weekday, date, time, zone); '' when it does not parse. Pure. */
export function printDate(iso: string, lang: PrintLang, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const opts = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  } as const;
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone: timeZone ?? 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).format(date);
  }
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** 1024-based size, as the web's list shows it: "512 B", "1.5 KB". Pure. */
export function printSize(bytes: number, lang: PrintLang): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

const person = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);
const people = (list: Address[]) => list.map(person).join(', ');

// The header block lives in a declarative shadow root: the message's own CSS (filtered, but free to style any
// element) cannot reach inside, and the host's !important rules outrank the page's (inner context wins).
const HEAD_CSS =
  ':host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;' +
  'opacity:1!important;transform:none!important;margin:0 0 16px!important;padding:0 0 12px!important;' +
  'border-bottom:1px solid #9ca3af!important;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR",' +
  '"Apple SD Gothic Neo",sans-serif!important;color:#111!important;background:#fff!important}' +
  'h1{font-size:20px;margin:0 0 8px;overflow-wrap:anywhere}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{font-weight:600;color:#374151}' +
  'dd{margin:0;overflow-wrap:anywhere}ul{margin:0;padding-left:18px}' +
  '.hint{margin:0 0 12px;padding:8px 12px;border:1px solid #d1d5db;border-radius:6px;background:#f9fafb}' +
  '@media print{.hint{display:none}}';

/** The header block of one message (subject, people, date, attachments), escaped: it goes inside a shadow root. Pure. */
export function headerBlock(detail: MessageDetail, lang: PrintLang, timeZone?: string): string {
  const l = printLabels(lang);
  const row = (label: string, value: string, id: string) =>
    value ? `<dt>${escapeHtml(label)}</dt><dd data-testid="print-${id}">${escapeHtml(value)}</dd>` : '';
  const files = detail.attachments.filter((a) => !a.inline);
  const attachments = files.length
    ? `<dt>${escapeHtml(l.attachments)}</dt><dd><ul data-testid="print-attachments">${files
        .map((a) => `<li>${escapeHtml(a.filename || '—')} (${escapeHtml(printSize(a.size, lang))})</li>`)
        .join('')}</ul></dd>`
    : '';
  return (
    `<h1 data-testid="print-subject">${escapeHtml(printSubject(detail.subject, lang))}</h1><dl>` +
    row(l.from, detail.from ? person(detail.from) : '', 'from') +
    row(l.to, people(detail.to), 'to') +
    row(l.cc, people(detail.cc), 'cc') +
    row(l.replyTo, people(detail.replyTo), 'reply-to') +
    row(l.date, printDate(detail.date, lang, timeZone), 'date') +
    attachments +
    '</dl>'
  );
}

/** The subject as printed: "(no subject)" in the page's language when empty. Pure. */
export const printSubject = (subject: string, lang: PrintLang): string => subject.trim() || printLabels(lang).noSubject;

/** The on-screen hint (hidden when printing): no script may open the Print dialog. Pure. */
export const printHint = (lang: PrintLang): string =>
  `<p class="hint" data-testid="print-hint">${escapeHtml(printLabels(lang).hint)}</p>`;

/** A shadow host holding `html` under the header CSS: the message's own CSS cannot reach or hide it. Pure. */
export const shieldedHead = (html: string, testId = 'print-head'): string =>
  `<div data-testid="${testId}"><template shadowrootmode="open"><style>${HEAD_CSS}</style>${html}</template></div>`;

/** The page around the parts: language, title, the reader's base CSS; nothing in it runs. Pure. */
export const printPage = (lang: PrintLang, title: string, body: string): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
  `<title>${escapeHtml(title)}</title><style>${READER_BASE_CSS}@media print{body{padding:0}}</style></head><body>` +
  `${body}</body></html>`;

/** The whole print page of a message: escaped headers in a shadow root, then the sanitized body. Pure. */
export function printDocument({ detail, bodyHtml, lang, timeZone }: PrintInput): string {
  return printPage(
    lang,
    printSubject(detail.subject, lang),
    shieldedHead(printHint(lang) + headerBlock(detail, lang, timeZone)) +
      `<div data-testid="print-body">${bodyHtml}</div>`,
  );
}
