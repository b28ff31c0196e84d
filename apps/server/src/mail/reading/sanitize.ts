import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { tokenize } from 'linkifyjs';
import { filterStyleAttribute, filterStylesheet } from './css-filter.ts';
import {
  DROPPED_WITH_CONTENT,
  ELEMENT_ATTRIBUTES,
  FETCHING_HREF,
  GLOBAL_ATTRIBUTES,
  RESOURCE_ATTRIBUTES,
  VOID_ELEMENTS,
} from './html-allowlist.ts';
import { BLOCKED_IMAGE, UrlPolicy, compactUrl, isRemoteUrl, schemeOf, type InlinePart } from './url-policy.ts';

export { BLOCKED_IMAGE, isRemoteUrl, type InlinePart };

export interface SanitizeOptions {
  /** load remote images and CSS (the user asked for it); otherwise nothing remote survives */
  remote: boolean;
  inline?: InlinePart[];
}

export interface SanitizeResult {
  html: string;
  /** the message references remote images/CSS/fonts/media (whether or not they were kept) */
  hasRemoteContent: boolean;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Chromium's parser stops nesting at 512; deeper elements are unwrapped here, long before that. */
const MAX_DEPTH = 256;
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

const escapeText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const escapeAttr = (s: string) => escapeText(s).replaceAll('"', '&quot;');
const attr = (name: string, value: string) => ` ${name}="${escapeAttr(value)}"`;

const isElement = (node: T.ChildNode): node is T.Element => 'tagName' in node;
const textOf = (el: T.Element) =>
  el.childNodes.map((n) => (n.nodeName === '#text' ? (n as T.TextNode).value : '')).join('');

/** Every URL a dropped subtree would have fetched counts as remote content (nothing of it is written out). */
function noteSubtree(root: T.Element, policy: UrlPolicy): void {
  const stack: T.Node[] = [root];
  while (stack.length) {
    const node = stack.pop() as T.Node;
    if (!('childNodes' in node)) continue;
    if ('tagName' in node) {
      for (const a of node.attrs) {
        const name = a.prefix ? `${a.prefix}:${a.name}` : a.name;
        if (name === 'style') filterStyleAttribute(a.value, policy);
        else if (name === 'srcset') policy.srcset(a.value);
        else if (RESOURCE_ATTRIBUTES.has(name) || (name === 'href' && FETCHING_HREF.has(node.tagName.toLowerCase())))
          policy.note(a.value);
      }
      if (node.tagName === 'style') filterStylesheet(textOf(node), policy);
      if (node.nodeName === 'template') stack.push((node as T.Template).content);
    }
    for (const child of node.childNodes) stack.push(child);
  }
}

/** `href` of a link: fragments stay in the message (prefixed like the ids), web and mail links open a new tab. */
function linkAttributes(href: string, policy: UrlPolicy): string {
  const url = href.trim();
  if (compactUrl(url).startsWith('#')) {
    const fragment = url.slice(url.indexOf('#') + 1);
    return attr('href', fragment ? `#${policy.idPrefix}${fragment}` : '#');
  }
  if (LINK_SCHEMES.has(schemeOf(url)) || (schemeOf(url) === '' && isRemoteUrl(url)))
    return attr('href', url) + attr('target', '_blank') + attr('rel', 'noopener noreferrer');
  return ''; // javascript:, vbscript:, data:, relative (this server, with the user's cookies), ...
}

function attributesOf(el: T.Element, tag: string, policy: UrlPolicy): string {
  const own = ELEMENT_ATTRIBUTES.get(tag);
  let out = '';
  let link = '';
  for (const { name, value } of el.attrs) {
    if (!GLOBAL_ATTRIBUTES.has(name) && !own?.has(name)) {
      if (RESOURCE_ATTRIBUTES.has(name)) policy.note(value);
      continue;
    }
    switch (name) {
      case 'style': {
        const css = filterStyleAttribute(value, policy);
        if (css) out += attr('style', css);
        break;
      }
      case 'id':
      case 'name':
        if (value) out += attr(name, policy.idPrefix + value);
        break;
      case 'headers':
        out += attr(
          name,
          value
            .split(' ')
            .filter(Boolean)
            .map((id) => policy.idPrefix + id)
            .join(' '),
        );
        break;
      case 'background': {
        const kept = policy.resource(value);
        if (kept !== null) out += attr(name, kept);
        break;
      }
      case 'src': {
        const kept = policy.resource(value);
        if (kept !== null) out += attr('src', kept);
        else if (isRemoteUrl(value)) out += attr('src', BLOCKED_IMAGE) + attr('data-pigeon-blocked', '');
        break;
      }
      case 'srcset': {
        const set = policy.srcset(value);
        if (set !== null) out += attr(name, set);
        break;
      }
      case 'href':
        link = linkAttributes(value, policy);
        break;
      default:
        out += attr(name, value);
    }
  }
  return link + out;
}

type Work = T.ChildNode | { close: string };

/**
 * Sanitizes a message's HTML for the reader frame. The input is parsed as a browser parses it (parse5, scripting
 * off as in the sandboxed frame); only allowlisted HTML elements and attributes are written out, text escaped,
 * CSS filtered by css-tree; ids are prefixed; cid: images become data: URIs; remote resources are dropped
 * unless `remote`. Pure, synchronous, linear in the input.
 */
export function sanitizeMessageHtml(html: string, opts: SanitizeOptions): SanitizeResult {
  const policy = new UrlPolicy(opts.remote, opts.inline ?? []);
  const doc = parse(html, { scriptingEnabled: false });
  let out = '';
  let depth = 0;
  const work: Work[] = [...doc.childNodes].reverse();
  while (work.length) {
    const node = work.pop() as Work;
    if ('close' in node) {
      out += node.close;
      depth--;
      continue;
    }
    if (node.nodeName === '#text') {
      out += escapeText((node as T.TextNode).value);
      continue;
    }
    if (!isElement(node)) continue; // comments, doctype
    const tag = node.tagName.toLowerCase();
    if (node.namespaceURI !== HTML_NS || DROPPED_WITH_CONTENT.has(tag)) {
      noteSubtree(node, policy);
      continue;
    }
    if (tag === 'style') {
      const css = filterStylesheet(textOf(node), policy);
      if (css) out += `<style>${css}</style>`;
      continue;
    }
    const children = [...node.childNodes].reverse();
    if (!ELEMENT_ATTRIBUTES.has(tag) || depth >= MAX_DEPTH) {
      for (const a of node.attrs) if (RESOURCE_ATTRIBUTES.has(a.name)) policy.note(a.value);
      work.push(...children); // unwrapped: html, head, body, form, noscript, unknown and custom elements
      continue;
    }
    if (VOID_ELEMENTS.has(tag)) {
      out += `<${tag}${attributesOf(node, tag, policy)} />`;
      continue;
    }
    out += `<${tag}${attributesOf(node, tag, policy)}>`;
    depth++;
    work.push({ close: `</${tag}>` }, ...children);
  }
  return { html: out, hasRemoteContent: policy.hasRemote };
}

const BASE_CSS =
  'html,body{margin:0;padding:0}body{padding:16px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Apple SD Gothic Neo",sans-serif;overflow-wrap:anywhere}' +
  'img{max-width:100%;height:auto}pre{white-space:pre-wrap;font:inherit;margin:0}img[data-pigeon-blocked]{outline:1px dashed #9ca3af}';

/** The standalone document the reader frames. */
export function messageDocument(bodyHtml: string): string {
  return `${DOCUMENT_HEAD}${bodyHtml}${DOCUMENT_TAIL}`;
}

const DOCUMENT_HEAD = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_CSS}</style></head><body>`;
const DOCUMENT_TAIL = '</body></html>';

/** The body fragment of a document messageDocument made (our own wrapper, so no parsing); null for anything else. */
export function documentBody(doc: string): string | null {
  if (!doc.startsWith(DOCUMENT_HEAD) || !doc.endsWith(DOCUMENT_TAIL)) return null;
  return doc.slice(DOCUMENT_HEAD.length, doc.length - DOCUMENT_TAIL.length);
}

/** The reader frame's base CSS, for a page that sets a sanitized body among its own parts (the print view). */
export const READER_BASE_CSS = BASE_CSS;

/** Text as HTML text or a quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An http(s)/mailto href as the URL parser writes it (quotes and brackets percent-encoded), or null. */
function safeLink(href: string): string | null {
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** A plain-text message as a document: escaped, in <pre>, web and mail addresses as links to a new tab. */
export function textDocument(text: string): string {
  let body = '';
  for (const token of tokenize(text)) {
    const value = token.toString();
    const href = token.isLink ? safeLink(token.t === 'email' ? `mailto:${value}` : token.toHref('https')) : null;
    body += href
      ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(value)}</a>`
      : escapeHtml(value);
  }
  return messageDocument(`<pre>${body}</pre>`);
}
