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
    // ids are prefixed (no DOM clobbering), and in-message anchors with them
    expect(clean('<a href="#top">t</a><h1 id="top">x</h1>')).toBe('<a href="#msg-top">t</a><h1 id="msg-top">x</h1>');
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
    expect(out).toContain('url(http://127.0.0.1:1/bg.png)');
    expect(out).toContain('background="https://e.test/t.png"');
    expect(out).toContain('url(https://e.test/s.png)');
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
    expect(out.html).toContain(`url(${dataUri})`);
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

describe('sanitizeMessageHtml: pathological input (assert the output; speed is measured in bench/)', () => {
  it('the reported mail: ten style attributes holding url( and 40,000 spaces', () => {
    const html = Array.from(
      { length: 10 },
      (_, i) => `<p style="color:red;background:url(${' '.repeat(40_000)}">p${i}</p>`,
    ).join('');
    const out = sanitizeMessageHtml(html, { remote: false });
    expect(out.html).toBe(
      Array.from({ length: 10 }, (_, i) => `<p style="color:red;background:none">p${i}</p>`).join(''),
    );
  });

  it('the same in <style> elements, with and without attributes', () => {
    const pad = ' '.repeat(40_000);
    const html = `<style>p{background:url(${pad}http://e.test/a)}</style><style media="x">q{background:url(${pad}</style><p>x</p>`;
    const out = sanitizeMessageHtml(html, { remote: false });
    expect(out.html).toBe('<style>p{background:none}</style><style>q{background:none}</style><p>x</p>');
    expect(out.hasRemoteContent).toBe(true);
  });

  it('100,000 nested elements come out bounded and balanced', () => {
    const html = `${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`;
    const out = sanitizeMessageHtml(html, { remote: false }).html;
    expect(out).toContain('deep');
    expect(out.split('<div>').length - 1).toBe(256);
    expect(out.split('</div>').length - 1).toBe(256);
  }, 30_000); // a megabyte of markup through the real parser: seconds of CPU when the machine is busy

  it('a megabyte of unclosed tags, attributes and entities', () => {
    expect(sanitizeMessageHtml('<a '.repeat(200_000), { remote: false }).html).toBe('');
    const attrs = sanitizeMessageHtml(`<p ${'x=1 '.repeat(100_000)}title="t">y</p>`, { remote: false }).html;
    expect(attrs).toBe('<p title="t">y</p>');
    expect(sanitizeMessageHtml('&amp'.repeat(200_000), { remote: false }).html).toBe('&amp;'.repeat(200_000));
  }, 30_000);

  it('1,500 references to one cid: image become one data: URI each, not a fetch', () => {
    const logo = { cid: '<a@b>', contentType: 'image/png', content: Buffer.from('PNG') };
    const out = sanitizeMessageHtml('<img src="cid:a@b">'.repeat(1500), { remote: false, inline: [logo] });
    expect(out.html.split('data:image/png;base64,').length - 1).toBe(1500);
    expect(out.hasRemoteContent).toBe(false);
  });
});
