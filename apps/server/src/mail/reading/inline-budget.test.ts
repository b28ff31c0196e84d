import { describe, expect, it } from 'vitest';
import { chooseInlineImages, countCidReferences } from './inline-budget.ts';

describe('inline image budget', () => {
  it('counts cid: references in one pass, normalized like the sanitizer', () => {
    const html = `<img src="cid:Logo@x"><img src='CID:%3Clogo@x%3E'><div style="background:url(cid:bg)">`;
    expect(Object.fromEntries(countCidReferences(html))).toEqual({ 'logo@x': 1, '<logo@x>': 1, bg: 1 });
  });

  it('leaves out an image whose references would repeat it past the budget (1,500 references to one image)', () => {
    const html = '<img src="cid:one">'.repeat(1500) + '<img src="cid:two">';
    const one = { cid: 'one', contentType: 'image/png', content: { length: 3000 } };
    const two = { cid: 'two', contentType: 'image/png', content: { length: 3000 } };
    const unused = { cid: 'three', contentType: 'image/png', content: { length: 3 } };
    expect(chooseInlineImages(html, [one, two, unused], 1_000_000)).toEqual([two]);
    expect(chooseInlineImages(html, [one, two], 10_000_000)).toEqual([one, two]);
  });
});
