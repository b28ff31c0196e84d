/** An inline part a `cid:` URL may point at (from mailparser's attachments). */
export interface InlinePart {
  cid?: string | undefined;
  contentType: string;
  content: Buffer;
}

/** Decides what a message may load: the sanitizer and the CSS filter ask it about every URL they meet. */
export interface ResourcePolicy {
  /** the URL to keep for an image/CSS/font resource, or null to drop it */
  resource(raw: string): string | null;
  /** a URL seen on something that is dropped anyway: counted as remote content if it is remote */
  note(raw: string): void;
  /** prefix for `id`/`name` values and `#id` selectors (no clobbering of document properties) */
  readonly idPrefix: string;
}

/** Stands in for a blocked remote image, so nothing is fetched and layout keeps its size. */
export const BLOCKED_IMAGE =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#e5e7eb"/></svg>',
  ).toString('base64');

export const ID_PREFIX = 'msg-';

/** What a URL parser ignores: every C0 control, space and DEL (browsers strip or skip them). */
export function compactUrl(url: string): string {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c > 0x20 && c !== 0x7f) out += url[i];
  }
  return out;
}

/** http(s) or protocol-relative (also with backslashes): a URL the browser would fetch from another server. */
export function isRemoteUrl(url: string): boolean {
  const flat = compactUrl(url).replaceAll('\\', '/').toLowerCase();
  return flat.startsWith('//') || flat.startsWith('http://') || flat.startsWith('https://');
}

/** The scheme of a URL as a browser reads it (`javascript`, `http`, …), '' for a relative one. */
export function schemeOf(url: string): string {
  const flat = compactUrl(url);
  const colon = flat.indexOf(':');
  if (colon <= 0) return '';
  const scheme = flat.slice(0, colon).toLowerCase();
  return /^[a-z][a-z0-9+.-]*$/.test(scheme) ? scheme : '';
}

const normalizeCid = (cid: string) => {
  let id = cid.trim();
  if (id.startsWith('<')) id = id.slice(1);
  if (id.endsWith('>')) id = id.slice(0, -1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep as is
  }
  return id.toLowerCase();
};

/** The one policy of a sanitizer run; `hasRemote` ends up in SanitizeResult.hasRemoteContent. */
export class UrlPolicy implements ResourcePolicy {
  hasRemote = false;
  readonly idPrefix = ID_PREFIX;
  private readonly cids = new Map<string, string>();

  constructor(
    private readonly remote: boolean,
    inline: InlinePart[],
  ) {
    for (const part of inline) {
      if (!part.cid || !part.contentType.toLowerCase().startsWith('image/')) continue;
      this.cids.set(
        normalizeCid(part.cid),
        `data:${part.contentType.toLowerCase()};base64,${part.content.toString('base64')}`,
      );
    }
  }

  resource(raw: string): string | null {
    const url = raw.trim();
    const scheme = schemeOf(url);
    if (scheme === 'cid') return this.cids.get(normalizeCid(compactUrl(url).slice(4))) ?? null;
    if (scheme === 'data') return compactUrl(url).toLowerCase().startsWith('data:image/') ? url : null;
    if (isRemoteUrl(url)) {
      this.hasRemote = true;
      return this.remote ? url : null;
    }
    return null; // relative (would hit this server with the user's cookies), javascript:, file:, ...
  }

  note(raw: string): void {
    if (isRemoteUrl(raw)) this.hasRemote = true;
  }

  /** srcset kept only if every candidate is allowed as is (a data: URL's comma makes it dropped: safe). */
  srcset(value: string): string | null {
    const urls = value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '');
    const kept = urls.map((u) => this.resource(u));
    return kept.every((k, i) => k !== null && k === urls[i]) ? value : null;
  }
}
