// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { linkifyText, safeHref } from './linkify';
import PlainTextBody from './PlainTextBody.vue';
import { linkifier } from './linkify-ahead';

describe('linkifyText', () => {
  it('turns http, https, www and email addresses into links', () => {
    const segments = linkifyText('See https://example.com/a?b=1, www.example.org or mail bob@example.com.');
    const links = segments.filter((s) => s.kind === 'link');
    expect(links.map((l) => l.href)).toEqual([
      'https://example.com/a?b=1',
      'https://www.example.org/',
      'mailto:bob@example.com',
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(
      'See https://example.com/a?b=1, www.example.org or mail bob@example.com.',
    );
  });

  it('leaves javascript:, data: and file: URLs as text', () => {
    const text = 'javascript:alert(1) javascript://%0aalert(1) data:text/html,<b>x</b> file:///etc/passwd';
    const segments = linkifyText(text);
    expect(segments.filter((s) => s.kind === 'link')).toEqual([]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('keeps the last texts it split: a text split ahead is not split again when shown', () => {
    const text = 'Read https://ahead.test/ before the next one.';
    const first = linkifyText(text);
    expect(linkifyText(text)).toBe(first);
    for (let i = 0; i < 10; i++) linkifyText(`other text ${i} https://x${i}.test/`);
    const again = linkifyText(text);
    expect(again).not.toBe(first); // bounded: pushed out by newer texts, split again
    expect(again).toEqual(first);
  });

  it('accepts only http, https and mailto hrefs', () => {
    expect(safeHref('https://x.test/')).toBe('https://x.test/');
    expect(safeHref('mailto:a@b.test')).toBe('mailto:a@b.test');
    expect(safeHref('JavaScript:alert(1)')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});

describe('PlainTextBody', () => {
  it('shows markup as text and never creates script elements', async () => {
    const text = '<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3) https://ok.test/';
    const wrapper = mount(PlainTextBody, { props: { text } });
    const root = wrapper.element as HTMLElement;
    // the text shows at once; its links once the link finder's chunk is in
    expect(root.textContent).toBe(text);
    await vi.waitFor(() => expect(root.querySelectorAll('a').length).toBeGreaterThan(0));
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toBe(text);
    const anchors = [...root.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).toEqual(['https://ok.test/']);
    expect(anchors[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(anchors[0]!.getAttribute('target')).toBe('_blank');
  });

  it('once the link finder is in, a body shows its links in its first render', async () => {
    await linkifier();
    const wrapper = mount(PlainTextBody, { props: { text: 'at https://first.test/ now' } });
    expect([...wrapper.element.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://first.test/',
    ]);
  });
});
