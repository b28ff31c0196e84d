import { describe, expect, it } from 'vitest';
import { parseFolderSelection, zipFolder } from './export.service.ts';

describe('a selection across folders', () => {
  it('reads <uids>:<path>, the path after the first colon; a folder named twice gets both lists', () => {
    const folders = parseFolderSelection(['1,2:INBOX', '7:Work: 2024', '3,2:INBOX']);
    expect([...folders]).toEqual([
      ['INBOX', [1, 2, 3]],
      ['Work: 2024', [7]],
    ]);
  });
});

describe('the folder inside the zip', () => {
  it('keeps levels and any script, and never climbs out or names what file systems reject', () => {
    expect(zipFolder('INBOX')).toBe('INBOX');
    expect(zipFolder('Projects/Alpha')).toBe('Projects/Alpha');
    expect(zipFolder('학교 공지 🎒/수업')).toBe('학교 공지 🎒/수업');
    expect(zipFolder('../..')).toBe('_/_');
    expect(zipFolder('/abs//x')).toBe('_/abs/_/x');
    expect(zipFolder('a\\b:c*?"<>|\u0000d')).toBe('a_b_c_d');
  });
});
