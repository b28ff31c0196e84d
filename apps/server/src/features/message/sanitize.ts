import sanitizeHtml from 'sanitize-html';

/** An inline part a `cid:` URL may point at (from mailparser's attachments). */
export interface InlinePart {
  cid?: string | undefined;
  contentType: string;
  content: Buffer;
}

export interface SanitizeOptions {
  /** load remote images and CSS (the user asked for it); otherwise nothing remote survives */
  remote: boolean;
  inline?: InlinePart[];
}

export interface SanitizeResult {
  html: string;
  /** the message references remote images/CSS (whether or not they were kept) */
  hasRemoteContent: boolean;
}

/** Stands in for a blocked remote image, so nothing is fetched and layout keeps its size. */
export const BLOCKED_IMAGE =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#e5e7eb"/></svg>',
  ).toString('base64');

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const compact = (url: string) => url.replace(/[\u0000-\u0020\u007f]+/g, '');
/** http(s) or protocol-relative: a URL the browser would fetch from another server. */
export const isRemoteUrl = (url: string) => /^(https?:)?\/\//i.test(compact(url).replace(/\\/g, '/'));

class UrlPolicy {
  hasRemote = false;
  private readonly cids = new Map<string, string>();

  constructor(
    private readonly remote: boolean,
    inline: InlinePart[],
  ) {
    for (const part of inline) {
      if (!part.cid || !/^image\//i.test(part.contentType)) continue;
      this.cids.set(
        normalizeCid(part.cid),
        `data:${part.contentType.toLowerCase()};base64,${part.content.toString('base64')}`,
      );
    }
  }

  /** The URL to keep for an image/CSS resource, or null to drop it. */
  resource(raw: string): string | null {
    const url = raw.trim();
    const flat = compact(url);
    if (/^cid:/i.test(flat)) return this.cids.get(normalizeCid(flat.slice(4))) ?? null;
    if (/^data:image\//i.test(flat)) return url;
    if (isRemoteUrl(url)) {
      this.hasRemote = true;
      return this.remote ? url : null;
    }
    return null; // relative (would hit this server with the user's cookies), javascript:, data:text/html, ...
  }

  /** srcset kept only if every candidate is allowed as is. */
  srcset(value: string): string | null {
    const urls = value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '');
    const kept = urls.map((u) => this.resource(u));
    return kept.every((k, i) => k !== null && k === urls[i]?.trim()) ? value : null;
  }

  css(css: string): string {
    let out = unescapeCss(css.replace(/\/\*[\s\S]*?\*\//g, ''));
    out = out.replace(/@import[^;]*;?/gi, (rule) => {
      if (/(url\(|["'])\s*(https?:)?\/\//i.test(rule)) this.hasRemote = true;
      return '';
    });
    out = out.replace(/(?:-webkit-)?image-set\((?:[^()]|\([^()]*\))*\)/gi, (set) => {
      const remote = /(["'(]\s*)(https?:)?\/\//i.test(set);
      if (remote) this.hasRemote = true;
      return remote && !this.remote ? 'none' : set;
    });
    // the second alternative catches an unterminated url( that a browser would still fetch
    out = out.replace(
      /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|url\([^;}]*/gi,
      (unterminated, dq?: string, sq?: string, bare?: string) => {
        if (dq === undefined && sq === undefined && bare === undefined) {
          if (/(https?:)?\/\//i.test(unterminated)) this.hasRemote = true;
          return 'none';
        }
        const kept = this.resource(dq ?? sq ?? bare ?? '');
        return kept === null
          ? 'none'
          : `url("${kept.replace(/["\\\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}")`;
      },
    );
    return out.replace(/expression\s*\(|-moz-binding|behavior\s*:/gi, 'blocked').replace(/</g, '\\3c ');
  }
}

const normalizeCid = (cid: string) => {
  let id = cid.trim().replace(/^<|>$/g, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep as is
  }
  return id.toLowerCase();
};

function unescapeCss(css: string): string {
  return css.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([^\n\r\f0-9a-fA-F])/g, (_m, hex?: string, ch?: string) => {
    if (ch !== undefined) return ch;
    const cp = parseInt(hex ?? '', 16);
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

const GLOBAL_ATTRIBUTES = [
  'style',
  'class',
  'id',
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'color',
  'dir',
  'lang',
  'title',
  'border',
  'role',
];
const TABLE_ATTRIBUTES = [
  'background',
  'cellpadding',
  'cellspacing',
  'colspan',
  'rowspan',
  'nowrap',
  'scope',
  'headers',
  'abbr',
  'span',
  'frame',
  'rules',
  'summary',
];

/**
 * Sanitizes a message's HTML for the reader frame: no script, handlers, forms, frames, base/meta/link;
 * cid: images become data: URIs; remote images/CSS are dropped unless `remote`. Pure.
 */
export function sanitizeMessageHtml(html: string, opts: SanitizeOptions): SanitizeResult {
  const policy = new UrlPolicy(opts.remote, opts.inline ?? []);
  const transform = (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    const a = { ...attribs };
    if (a.style !== undefined) a.style = policy.css(a.style);
    if (a.background !== undefined) {
      const kept = policy.resource(a.background);
      if (kept === null) delete a.background;
      else a.background = kept;
    }
    if (a.poster !== undefined && isRemoteUrl(a.poster)) policy.hasRemote = true;
    if (tagName === 'link' && /stylesheet/i.test(a.rel ?? '') && isRemoteUrl(a.href ?? '')) policy.hasRemote = true;
    if (tagName === 'img') {
      const src = a.src ?? '';
      const kept = policy.resource(src);
      if (kept !== null) a.src = kept;
      else if (isRemoteUrl(src)) {
        a.src = BLOCKED_IMAGE;
        a['data-pigeon-blocked'] = '';
      } else delete a.src;
      if (a.srcset !== undefined) {
        const set = policy.srcset(a.srcset);
        if (set === null) delete a.srcset;
        else a.srcset = set;
      }
    }
    if (tagName === 'a' && a.href !== undefined) {
      const href = a.href.trim();
      if (href.startsWith('#')) delete a.target;
      else if (/^(https?:|mailto:|tel:|\/\/)/i.test(compact(href))) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      } else delete a.href;
    }
    return { tagName, attribs: a };
  };

  const clean = sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags,
      'img',
      'font',
      'center',
      'style',
      'del',
      'ins',
      'big',
      'small',
      'tt',
      'strike',
      'details',
      'summary',
    ],
    allowedAttributes: {
      '*': GLOBAL_ATTRIBUTES,
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'srcset', 'sizes', 'alt', 'data-pigeon-blocked', 'hspace', 'vspace'],
      font: ['face', 'size'],
      ol: ['start', 'type', 'reversed'],
      ul: ['type'],
      li: ['value'],
      table: TABLE_ATTRIBUTES,
      tbody: TABLE_ATTRIBUTES,
      thead: TABLE_ATTRIBUTES,
      tfoot: TABLE_ATTRIBUTES,
      tr: TABLE_ATTRIBUTES,
      td: TABLE_ATTRIBUTES,
      th: TABLE_ATTRIBUTES,
      col: TABLE_ATTRIBUTES,
      colgroup: TABLE_ATTRIBUTES,
      blockquote: ['cite', 'type'],
      time: ['datetime'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'background'],
    allowProtocolRelative: true,
    allowVulnerableTags: true, // <style> only; its text is cleaned below
    nonTextTags: ['script', 'textarea', 'option', 'noscript', 'title', 'xmp', 'iframe', 'noembed', 'noframes'],
    disallowedTagsMode: 'discard',
    transformTags: { '*': transform },
  });

  // sanitize-html copies <style> text verbatim; it is the only raw text in its output
  const html2 = clean.replace(/<style>([\s\S]*?)<\/style>/gi, (_m, css: string) => `<style>${policy.css(css)}</style>`);
  return { html: html2, hasRemoteContent: policy.hasRemote };
}

const BASE_CSS =
  'html,body{margin:0;padding:0}body{padding:16px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Apple SD Gothic Neo",sans-serif;overflow-wrap:anywhere}' +
  'img{max-width:100%;height:auto}pre{white-space:pre-wrap;font:inherit;margin:0}img[data-pigeon-blocked]{outline:1px dashed #9ca3af}';

/** The standalone document the reader frames. */
export function messageDocument(bodyHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_CSS}</style></head><body>${bodyHtml}</body></html>`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain-text message as a document: escaped, in <pre>. */
export function textDocument(text: string): string {
  return messageDocument(`<pre>${escapeHtml(text)}</pre>`);
}
