import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTnef, isTnef } from './tnef.ts';

// Real winmail.dat files from Outlook (shipped with node-tnef, ISC licence; see fixtures/README.md)
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

describe('decodeTnef', () => {
  it('lists the files of an Outlook winmail.dat with their long names', () => {
    const tnef = decodeTnef(fixture('tnef-attachments.dat'))!;
    expect(tnef.files.map((f) => [f.filename, f.content.length])).toEqual([
      ['zappa_av1.jpg', 2937],
      ['bookmark.htm', 85805],
    ]);
    expect(tnef.files[0]!.content.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(tnef.files[1]!.content.toString('latin1', 0, 9)).toBe('<!DOCTYPE');
  });

  it('reads MIME types and the HTML body of a rich-text message with inline images', () => {
    const tnef = decodeTnef(fixture('tnef-html-images.dat'))!;
    expect(tnef.files.map((f) => [f.filename, f.contentType])).toEqual([
      ['image001.jpg', 'image/jpeg'],
      ['image002.jpg', 'image/jpeg'],
      ['image003.png', 'image/png'],
    ]);
    expect(tnef.html).toMatch(/^<html>/);
  });

  it('is null for what is not TNEF, and stops cleanly on truncated or lying input', () => {
    expect(decodeTnef(Buffer.from('not tnef at all'))).toBeNull();
    expect(isTnef(Buffer.alloc(3))).toBe(false);
    const full = fixture('tnef-attachments.dat');
    for (const cut of [6, 20, 500, 3000, full.length - 1]) {
      expect(() => decodeTnef(full.subarray(0, cut))).not.toThrow();
    }
    // an attribute claiming 4 GB of data
    const lying = Buffer.concat([
      full.subarray(0, 6),
      Buffer.from([2, 0x0f, 0x80, 0x06, 0x00, 0xff, 0xff, 0xff, 0xff]),
    ]);
    expect(decodeTnef(lying)).toEqual({ files: [], text: null, html: null });
  });
});
