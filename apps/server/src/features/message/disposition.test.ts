import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { dispositionHeader, emlFilename, safeFilename } from './disposition.ts';

describe('dispositionHeader', () => {
  it('keeps an ASCII name as a plain filename', () => {
    expect(dispositionHeader('report.pdf')).toBe('attachment; filename=report.pdf');
  });

  it('sends a Korean name as filename* (UTF-8) with an ASCII fallback that keeps the extension', () => {
    const header = dispositionHeader('가정통신문 3월.pdf');
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
    expect(header).not.toMatch(/filename="[^"]*[^\x20-\x7e]/);
    expect(header).toContain('filename="_____ 3_.pdf"');
    expect(parse(header).parameters.filename).toBe('가정통신문 3월.pdf');
  });

  it('strips accents in the fallback and survives quotes and percent signs', () => {
    const header = dispositionHeader('café "100%".txt');
    expect(header).toContain('filename="cafe _100__.txt"');
    expect(parse(header).parameters.filename).toBe('café "100%".txt');
  });

  it('never lets a name carry a path or control characters', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a\r\nb.txt')).toBe('ab.txt');
    expect(safeFilename('   ')).toBe('download');
    expect(dispositionHeader('..\\evil.exe')).toBe('attachment; filename=evil.exe');
  });
});

describe('emlFilename', () => {
  it('uses the subject without characters file systems reject, else the UID', () => {
    expect(emlFilename('Re: 현장학습 / 안내?', 7)).toBe('Re 현장학습 안내.eml');
    expect(emlFilename('', 7)).toBe('message-7.eml');
  });
});
