import { describe, expect, it } from 'vitest';
import { dayRow as row } from '../../../test/summary-rows.ts';
import { DONE, decodeCursor, encodeCursor, mergeByDate } from './all-folders.ts';

describe('mergeByDate', () => {
  it('takes the newest rows of all folders, keeping each folder’s order, and where each one continues', () => {
    const merged = mergeByDate(
      [
        { path: 'INBOX', rows: [row(9, 20), row(7, 10), row(3, 5)], more: true },
        { path: 'Sent', rows: [row(40, 15), row(41, 1)], more: false },
        { path: '학교', rows: [row(2, 12)], more: false },
      ],
      {},
      3,
    );
    expect(merged.messages.map((m) => `${m.path}:${m.uid}`)).toEqual(['INBOX:9', 'Sent:40', '학교:2']);
    expect(merged.anchors).toEqual({ INBOX: 9, Sent: 40, 학교: DONE });
    expect(merged.more).toBe(true);
  });

  it('keeps the anchors of folders it did not reach and ends when every folder is done', () => {
    const merged = mergeByDate(
      [
        { path: 'A', rows: [row(5, 3)], more: false },
        { path: 'B', rows: [], more: false },
      ],
      { A: 6, B: 2, C: DONE },
      10,
    );
    expect(merged.messages.map((m) => m.uid)).toEqual([5]);
    expect(merged.anchors).toEqual({ A: DONE, B: DONE, C: DONE });
    expect(merged.more).toBe(false);
  });

  it('breaks a tie of dates by the folders’ order (the service sorts them by path)', () => {
    const merged = mergeByDate(
      [
        { path: 'A', rows: [row(1, 4)], more: false },
        { path: 'B', rows: [row(2, 4)], more: false },
      ],
      {},
      1,
    );
    expect(merged.messages[0]?.path).toBe('A');
    expect(merged.anchors).toEqual({ A: DONE }); // B was not reached: it starts from its top next time
    expect(merged.more).toBe(true);
  });
});

describe('the cursor', () => {
  it('round-trips the anchors, Korean and emoji folder names included', () => {
    const anchors = { INBOX: 12, '학교/공지': 3, '📚': DONE };
    expect(decodeCursor(encodeCursor(anchors))).toEqual(anchors);
    expect(decodeCursor(undefined)).toEqual({});
  });

  it('refuses anything it did not write with search.invalid_cursor', () => {
    const bad = [
      'not base64 json',
      Buffer.from('{"v":2,"a":{}}').toString('base64url'),
      Buffer.from('{"v":1,"a":[1]}').toString('base64url'),
      Buffer.from('{"v":1,"a":{"INBOX":-1}}').toString('base64url'),
      Buffer.from('{"v":1,"a":{"INBOX":1.5}}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const cursor of bad) expect(() => decodeCursor(cursor), cursor).toThrow(/no longer valid/);
  });

  it('keeps a folder named __proto__ as a plain entry', () => {
    const anchors = decodeCursor(Buffer.from('{"v":1,"a":{"__proto__":4}}').toString('base64url'));
    expect(Object.entries(anchors)).toEqual([['__proto__', 4]]);
  });
});
