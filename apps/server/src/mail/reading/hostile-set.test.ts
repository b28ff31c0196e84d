// The project's hostile-mail set (e2e/message/hostile/, sources in its README) through the sanitizer. The output is
// parsed again as a browser parses it (parse5, scripting on and off) and every node of that parse is checked:
// what matters is what the frame builds from our bytes, not what the bytes look like.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { describe, expect, it } from 'vitest';
import { ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES } from './html-allowlist.ts';
import { BLOCKED_IMAGE, messageDocument, sanitizeMessageHtml, textDocument } from './sanitize.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../../e2e/message/hostile');
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith('.html'))
  .map((file) => {
    const html = readFileSync(path.join(DIR, file), 'utf8');
    const header = /^<!-- vector: (.*?) \| class: (\S+) \| remote: (yes|no) \| source: (.*?) -->/.exec(html);
    if (!header) throw new Error(`${file}: missing the vector header line`);
    return { name: file.replace(/\.html$/, ''), html, cls: header[2]!, remote: header[3] === 'yes' };
  });

const EXTRA_ATTRIBUTES = new Set(['target', 'rel', 'data-pigeon-blocked']);
const DOCUMENT_ELEMENTS = new Set(['html', 'head', 'body', 'style', 'meta']);

function* elements(root: T.Node): Generator<T.Element> {
  const stack: T.Node[] = [root];
  while (stack.length) {
    const node = stack.pop() as T.Node;
    if ('tagName' in node) yield node;
    if ('content' in node) stack.push(node.content);
    if ('childNodes' in node) stack.push(...node.childNodes);
  }
}

const textContent = (root: T.Node): string => {
  if (root.nodeName === '#text') return (root as T.TextNode).value;
  if (root.nodeName === 'style' || !('childNodes' in root)) return '';
  return root.childNodes.map(textContent).join('');
};

/** Every way the frame's DOM could run something, fetch something or clobber something; [] when none. */
function problems(doc: T.Document): string[] {
  const found: string[] = [];
  for (const el of elements(doc)) {
    const tag = el.tagName;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`foreign element <${tag}>`);
    if (!ELEMENT_ATTRIBUTES.has(tag) && !DOCUMENT_ELEMENTS.has(tag)) found.push(`element <${tag}>`);
    for (const { name, value } of el.attrs) {
      const where = `<${tag} ${name}="${value.slice(0, 60)}">`;
      if (DOCUMENT_ELEMENTS.has(tag) && tag !== 'body') continue; // messageDocument's own head
      if (!GLOBAL_ATTRIBUTES.has(name) && !ELEMENT_ATTRIBUTES.get(tag)?.has(name) && !EXTRA_ATTRIBUTES.has(name))
        found.push(`attribute ${where}`);
      if ((name === 'id' || name === 'name' || name === 'headers') && !value.startsWith('msg-'))
        found.push(`unprefixed ${where}`);
      if (name === 'href' && !/^(#|https?:\/\/|mailto:|tel:)/.test(value)) found.push(`link ${where}`);
      if ((name === 'src' || name === 'background') && !value.startsWith('data:image/')) found.push(`fetch ${where}`);
      if (name !== 'href' && value.includes('evil.invalid')) found.push(`remote ${where}`);
    }
    if (tag === 'style') {
      const css = textContent({ ...el, nodeName: 'div' } as T.Element);
      if (css.includes('evil.invalid')) found.push(`remote in <style>: ${css.slice(0, 80)}`);
      if (/position:\s*fixed/i.test(css)) found.push('position:fixed in <style>');
    }
    const style = el.attrs.find((a) => a.name === 'style')?.value ?? '';
    if (/position:\s*fixed/i.test(style)) found.push(`position:fixed on <${tag}>`);
  }
  return found;
}

describe.each(vectors)('hostile vector $name', ({ html, remote, name }) => {
  const out = sanitizeMessageHtml(html, { remote: false });
  const document = messageDocument(out.html);

  it('leaves nothing that runs, fetches or clobbers, parsed with scripting off (the sandboxed frame) and on', () => {
    expect(problems(parse(document, { scriptingEnabled: false }))).toEqual([]);
    expect(problems(parse(document, { scriptingEnabled: true }))).toEqual([]);
  });

  it('keeps the message text and says whether it had remote content', () => {
    expect(out.html).toContain(`hostile-probe ${name}`);
    expect(out.hasRemoteContent).toBe(remote);
  });

  it('keeps its shape when the user allows remote content (nothing but remote resources comes back)', () => {
    const allowed = sanitizeMessageHtml(html, { remote: true });
    expect(allowed.hasRemoteContent).toBe(remote);
    const found = problems(parse(messageDocument(allowed.html))).filter(
      (p) => !p.startsWith('remote ') && !p.startsWith('fetch ') && !p.startsWith('remote in'),
    );
    expect(found).toEqual([]);
  });
});

describe('hostile set', () => {
  it('covers every attack class of issue 9', () => {
    expect(new Set(vectors.map((v) => v.cls))).toEqual(
      new Set(['script', 'urls', 'svg', 'mxss', 'clobbering', 'navigation', 'css-escape', 'remote']),
    );
  });

  it('keeps in-message anchors working with prefixed ids', () => {
    const html = vectors.find((v) => v.name === 'dom-clobbering')!.html;
    const out = sanitizeMessageHtml(html, { remote: false }).html;
    expect(out).toContain('<a href="#msg-section-2">jump to section 2</a>');
    expect(out).toContain('<h2 id="msg-section-2">Section 2</h2>');
  });

  it('loads remote images only when allowed, and shows a placeholder before', () => {
    const html = vectors.find((v) => v.name === 'remote-images')!.html;
    expect(sanitizeMessageHtml(html, { remote: false }).html).toContain(
      `src="${BLOCKED_IMAGE}" data-pigeon-blocked=""`,
    );
    expect(sanitizeMessageHtml(html, { remote: true }).html).toContain('src="http://evil.invalid/pixel.gif"');
  });

  it('turns plain text into a document whose text is exactly the message, with http(s)/mailto links only', () => {
    const text = readFileSync(path.join(DIR, 'plain-autolink.txt'), 'utf8');
    const doc = parse(textDocument(text));
    const body = [...elements(doc)].find((e) => e.tagName === 'body')!;
    expect(textContent(body)).toBe(text);
    const links = [...elements(doc)].filter((e) => e.tagName === 'a');
    expect(links.length).toBeGreaterThan(2);
    for (const a of links) {
      const href = a.attrs.find((x) => x.name === 'href')?.value ?? '';
      expect(href).toMatch(/^(https?:\/\/|mailto:)/);
      expect(href).not.toMatch(/["<>\s]/);
    }
    expect(problems(doc)).toEqual([]);
  });
});
