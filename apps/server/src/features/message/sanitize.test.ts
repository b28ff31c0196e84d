import { describe, expect, it } from 'vitest';
import { BLOCKED_IMAGE, isRemoteUrl, messageDocument, sanitizeMessageHtml, textDocument } from './sanitize.ts';

const clean = (html: string, remote = false) => sanitizeMessageHtml(html, { remote }).html;

describe('sanitizeMessageHtml: active content', () => {
  it('removes script elements and their text', () => {
    const out = clean('<p>hi</p><script>window.__maillab_xss=1</script><SCRIPT src="https://e.test/x.js"></SCRIPT>');
    expect(out).toBe('<p>hi</p>');
  });

  it('removes event handlers', () => {
    const out = clean(
      '<img src="x" onerror="window.__maillab_xss=1"><p onclick="x()" onmouseover=y>t</p><body onload="z()">b</body>',
    );
    expect(out).not.toMatch(/on(error|click|mouseover|load)/i);
    expect(out).toContain('<p>t</p>');
  });

  it('drops javascript:, vbscript: and data: links, also obfuscated', () => {
    const out = clean(
      '<a href="javascript:alert(1)">a</a><a href="  jav&#x09;ascript:alert(1)">b</a><a href="vbscript:msgbox">c</a><a href="data:text/html;base64,PHNjcmlwdD4=">d</a>',
    );
    expect(out).not.toMatch(/javascript|vbscript|data:/i);
    expect(out).toContain('>a</a>');
  });

  it('removes iframe, object, embed, form, input, base, meta, link, svg', () => {
    const out = clean(
      '<iframe src="https://e.test">x</iframe><object data="a.swf"></object><embed src="a.swf"><form action="https://e.test/steal"><input name="password"><button>Go</button></form><base href="https://e.test/"><meta http-equiv="refresh" content="0;url=https://e.test"><link rel="stylesheet" href="https://e.test/a.css"><svg><script>alert(1)</script></svg>',
    );
    expect(out).not.toMatch(/<(iframe|object|embed|form|input|button|base|meta|link|svg|script)/i);
    expect(out).not.toContain('https://e.test');
  });

  it('gives links target=_blank rel=noopener noreferrer, keeps in-page anchors, drops relative links', () => {
    expect(clean('<a href="https://e.test/x">x</a>')).toBe(
      '<a href="https://e.test/x" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(clean('<a href="mailto:a@b.test" target="_self">m</a>')).toBe(
      '<a href="mailto:a@b.test" target="_blank" rel="noopener noreferrer">m</a>',
    );
    expect(clean('<a href="#top">t</a>')).toBe('<a href="#top">t</a>');
    expect(clean('<a href="/api/auth/sign-out">s</a>')).toBe('<a>s</a>');
  });
});

describe('sanitizeMessageHtml: remote content', () => {
  const html =
    '<img src="http://127.0.0.1:1/pixel.gif" width="1" height="1"><img src="//e.test/a.png" srcset="https://e.test/a2.png 2x"><div style="background:url(http://127.0.0.1:1/bg.png) no-repeat;color:red">t</div><table background="https://e.test/t.png"><tr><td>c</td></tr></table><style>.x{background-image:url(\'https://e.test/s.png\')}@import url("https://e.test/i.css");</style>';

  it('blocks every remote fetch by default and reports that there was remote content', () => {
    const { html: out, hasRemoteContent } = sanitizeMessageHtml(html, { remote: false });
    expect(hasRemoteContent).toBe(true);
    expect(out).not.toMatch(/127\.0\.0\.1|e\.test/);
    expect(out).toContain(`src="${BLOCKED_IMAGE}"`);
    expect(out).toContain('width="1"');
    expect(out).toContain('color:red');
    expect(out).toContain('background:none no-repeat');
  });

  it('keeps remote images and CSS when remote=true (but never @import)', () => {
    const { html: out, hasRemoteContent } = sanitizeMessageHtml(html, { remote: true });
    expect(hasRemoteContent).toBe(true);
    expect(out).toContain('src="http://127.0.0.1:1/pixel.gif"');
    expect(out).toContain('srcset="https://e.test/a2.png 2x"');
    expect(out).toContain('url(&quot;http://127.0.0.1:1/bg.png&quot;)');
    expect(out).toContain('background="https://e.test/t.png"');
    expect(out).toContain(`url("https://e.test/s.png")`);
    expect(out).not.toContain('@import');
  });

  it('catches CSS escapes, comments, image-set and an unterminated url(', () => {
    const tricky = [
      '<p style="background:u\\72l(http://e.test/a.png)">1</p>',
      '<p style="background:url/**/(http://e.test/b.png)">2</p>',
      '<p style="background-image:image-set(\'https://e.test/c.png\' 1x)">3</p>',
      '<style>p{background:url(https://e.test/d.png</style>',
    ].join('');
    const { html: out, hasRemoteContent } = sanitizeMessageHtml(tricky, { remote: false });
    expect(hasRemoteContent).toBe(true);
    expect(out).not.toContain('e.test');
  });

  it('does not count data: images or plain HTML as remote content', () => {
    const r = sanitizeMessageHtml('<p>Hello</p><img src="data:image/png;base64,iVBORw0KGgo=">', { remote: false });
    expect(r.hasRemoteContent).toBe(false);
    expect(r.html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('drops data: URLs that are not images and relative image URLs', () => {
    const out = clean(
      '<img src="data:text/html;base64,PHNjcmlwdD4="><img src="/api/mailboxes/INBOX/messages/5"><p style="background:url(/x.png)">p</p>',
    );
    expect(out).not.toMatch(/data:text|\/api\/|x\.png/);
  });
});

describe('sanitizeMessageHtml: cid images', () => {
  const logo = { cid: '<logo@pigeon>', contentType: 'image/png', content: Buffer.from('PNGDATA') };

  it('rewrites cid: images (img src and CSS) to data: URIs from the inline parts', () => {
    const out = sanitizeMessageHtml(
      '<img src="cid:logo@pigeon" alt="logo"><div style="background:url(cid:LOGO@pigeon)">x</div><img src="cid:missing">',
      {
        remote: false,
        inline: [logo],
      },
    );
    const dataUri = `data:image/png;base64,${Buffer.from('PNGDATA').toString('base64')}`;
    expect(out.html).toContain(`<img src="${dataUri}" alt="logo" />`);
    expect(out.html).toContain(`url(&quot;${dataUri}&quot;)`);
    expect(out.html).toContain('<img />');
    expect(out.hasRemoteContent).toBe(false);
  });

  it('never inlines a non-image part', () => {
    const out = sanitizeMessageHtml('<img src="cid:page">', {
      remote: false,
      inline: [{ cid: 'page', contentType: 'text/html', content: Buffer.from('<script>') }],
    });
    expect(out.html).toBe('<img />');
  });
});

describe('documents', () => {
  it('wraps HTML in a UTF-8 document and escapes plain text in <pre>', () => {
    expect(messageDocument('<p>x</p>')).toMatch(
      /^<!doctype html><html><head><meta charset="utf-8">.*<body><p>x<\/p><\/body><\/html>$/,
    );
    expect(textDocument('a < b & "c" <script>')).toContain('<pre>a &#60; b &#38; &#34;c&#34; &#60;script&#62;</pre>');
  });

  it('recognises remote URLs', () => {
    expect(isRemoteUrl('HTTPS://e.test')).toBe(true);
    expect(isRemoteUrl(' //e.test/x')).toBe(true);
    expect(isRemoteUrl('ht\ttp://e.test')).toBe(true);
    expect(isRemoteUrl('cid:x')).toBe(false);
    expect(isRemoteUrl('/local')).toBe(false);
  });
});
