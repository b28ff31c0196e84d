import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { decodedSize, displayPriority, PART_HEADERS_MAX, planRead } from './read-plan.ts';

const leaf = (part: string, type: string, size: number, extra: Partial<MessageStructureObject> = {}) =>
  ({ part, type, size, encoding: 'base64', ...extra }) as MessageStructureObject;
const multi = (type: string, childNodes: MessageStructureObject[], part?: string) =>
  ({ type, childNodes, ...(part ? { part } : {}) }) as MessageStructureObject;

const bounds = { displayMaxBytes: 1000, maxParts: 50 };

describe('planRead', () => {
  it('fetches text, HTML and inline images, never attachments; every leaf header for its name', () => {
    const s = multi('multipart/mixed', [
      multi(
        'multipart/alternative',
        [
          leaf('1.1', 'text/plain', 100),
          multi(
            'multipart/related',
            [leaf('1.2.1', 'text/html', 200), leaf('1.2.2', 'image/png', 300, { id: '<a>' })],
            '1.2',
          ),
        ],
        '1',
      ),
      leaf('2', 'application/pdf', 5_000_000, { disposition: 'attachment' }),
      leaf('3', 'text/plain', 50, { disposition: 'attachment', dispositionParameters: { filename: 'notes.txt' } }),
    ]);
    const plan = planRead(s, bounds);
    expect(plan.bodySections).toEqual(['1.1', '1.2.1', '1.2.2']);
    expect(plan.headerSections).toEqual(['1.1.MIME', '1.2.1.MIME', '1.2.2.MIME', '2.MIME', '3.MIME']);
    expect(plan.tooLarge).toBe(false);
    expect(plan.partsOmitted).toBe(0);
  });

  it('gives text the budget first: an image that does not fit is left out, a text that does not fit marks tooLarge', () => {
    const s = multi('multipart/related', [
      leaf('1', 'text/html', 900),
      leaf('2', 'image/png', 200, { id: '<a>' }),
      leaf('3', 'text/plain', 5000),
    ]);
    const plan = planRead(s, bounds);
    expect(plan.bodySections).toEqual(['1']);
    expect(plan.tooLarge).toBe(true);
  });

  it('reads a single-part message as HEADER + TEXT', () => {
    const plan = planRead({ type: 'text/plain', size: 10, encoding: '7bit' } as MessageStructureObject, bounds);
    expect(plan.root).toMatchObject({ kind: 'leaf', part: '1', fetch: true });
    expect(plan.bodySections).toEqual(['TEXT']);
    expect(plan.headerSections).toEqual([]);
  });

  it('stops at maxParts and at the nesting bound, counting what it left out', () => {
    const many = multi(
      'multipart/mixed',
      Array.from({ length: 1100 }, (_, i) => leaf(String(i + 1), 'application/octet-stream', 10)),
    );
    const plan = planRead(many, { displayMaxBytes: 1000, maxParts: 100 });
    expect(plan.sizes.size).toBe(99);
    expect(plan.headerSections).toHaveLength(PART_HEADERS_MAX);
    expect(plan.partsOmitted).toBe(1001);

    let deep: MessageStructureObject = leaf('x', 'text/plain', 1);
    for (let i = 0; i < 60; i++) deep = multi('multipart/mixed', [deep], String(i));
    expect(planRead(deep, bounds).partsOmitted).toBe(1);
  });

  it('fetches the headers of the shown parts first and writes the others from BODYSTRUCTURE', () => {
    const files = Array.from({ length: 100 }, (_, i) =>
      leaf(String(i + 1), 'application/pdf', 10, {
        disposition: 'attachment',
        dispositionParameters: { filename: `f${i + 1}.pdf` },
      }),
    );
    const plan = planRead(multi('multipart/mixed', [...files, leaf('101', 'text/plain', 5)]), {
      displayMaxBytes: 1000,
      maxParts: 500,
    });
    expect(plan.headerSections).toContain('101.MIME');
    expect(plan.headerSections).toHaveLength(PART_HEADERS_MAX);
    const leaves = plan.root.kind === 'multipart' ? plan.root.children : [];
    expect(leaves[0]).toMatchObject({ header: null });
    expect(leaves[99]).toMatchObject({ header: expect.stringContaining("filename*=utf-8''f100.pdf") });
    expect(leaves[100]).toMatchObject({ header: null, fetch: true });
  });

  it('never passes an odd multipart subtype on', () => {
    const plan = planRead(multi('multipart/x"\r\nbad', [leaf('1', 'text/plain', 1)]), bounds);
    expect(plan.root).toMatchObject({ kind: 'multipart', subtype: 'mixed' });
  });
});

describe('display priority and sizes', () => {
  it('orders body text, inline images, TNEF', () => {
    expect(displayPriority(leaf('1', 'text/html', 1))).toBe(0);
    expect(displayPriority(leaf('1', 'image/jpeg', 1, { id: '<x>' }))).toBe(1);
    expect(displayPriority(leaf('1', 'image/jpeg', 1))).toBeNull();
    expect(displayPriority(leaf('1', 'application/ms-tnef', 1))).toBe(2);
    expect(displayPriority(leaf('1', 'text/html', 1, { disposition: 'attachment' }))).toBeNull();
  });

  it('computes the decoded size of base64 in 76-character lines', () => {
    // 3009 bytes: 4012 base64 characters in 53 lines, CRLF between them
    expect(decodedSize(4012 + 52 * 2, 'base64')).toBe(3009);
    expect(decodedSize(4012 + 53 * 2, 'BASE64')).toBe(3009);
    expect(decodedSize(1234, '7bit')).toBe(1234);
  });
});
