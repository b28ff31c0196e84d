import { describe, expect, it } from 'vitest';
import { byFolder, keyParts, messageKey } from './message-keys';

describe('message keys', () => {
  it('round-trip a path with slashes, Korean and emoji, and a line break in a UID-like name', () => {
    for (const path of ['INBOX', 'Projects/2026', '학교 공지', '📦 Archive', 'a\n1']) {
      expect(keyParts(messageKey(path, 42))).toEqual({ path, uid: 42 });
    }
  });

  it('group keys by folder, one group per folder in first-seen order, UIDs in the keys’ order', () => {
    const keys = [messageKey('INBOX', 9), messageKey('Sent', 4), messageKey('INBOX', 3), messageKey('학교', 7)];
    expect([...byFolder(keys)]).toEqual([
      ['INBOX', [9, 3]],
      ['Sent', [4]],
      ['학교', [7]],
    ]);
    expect(byFolder([]).size).toBe(0);
  });
});
