import { tokenize } from 'linkifyjs';

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The normalized href when it is http, https or mailto; null for anything else (javascript:, data:, file:...). */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The texts split lately (the open message and its neighbours, split ahead while the page is idle), so j/k paints
 * a plain-text message without splitting it then. Bounded: a few texts, none longer than RECENT_TEXT_MAX.
 */
const recent = new Map<string, readonly TextSegment[]>();
const RECENT_MAX = 6;
const RECENT_TEXT_MAX = 256 * 1024;

/**
 * Splits plain text into text and link segments for rendering as text nodes and <a> elements
 * (never as HTML). Only http, https and mailto become links; everything else stays text.
 */
export function linkifyText(text: string): readonly TextSegment[] {
  const hit = recent.get(text);
  if (hit) return hit;
  const segments = split(text);
  if (text.length <= RECENT_TEXT_MAX) {
    recent.set(text, segments);
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  }
  return segments;
}

function split(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pushText = (value: string) => {
    const last = segments.at(-1);
    if (last?.kind === 'text') last.text += value;
    else segments.push({ kind: 'text', text: value });
  };
  for (const token of tokenize(text)) {
    const value = token.toString();
    const href = token.isLink ? safeHref(token.t === 'email' ? `mailto:${value}` : token.toHref('https')) : null;
    if (href) segments.push({ kind: 'link', text: value, href });
    else pushText(value);
  }
  return segments;
}
