import { describe, expect, it } from 'vitest';
import type { Mailbox } from '@pigeon/shared';
import { folderLabel, folderRows } from './folder-tree';

const box = (path: string, parent: string | null, role: Mailbox['role'] = null): Mailbox => ({
  path,
  name: path.split('/').at(-1)!,
  parent,
  delimiter: '/',
  role,
  total: 0,
  unread: 0,
  selectable: true,
  subscribed: true,
});

describe('folderRows', () => {
  const boxes = [
    box('INBOX', null, 'inbox'),
    box('Sent', null, 'sent'),
    box('학교 공지', null),
    box('학교 공지/2025', '학교 공지'),
    box('INBOX/Receipts', 'INBOX'),
    box('Lost/Child', 'Lost'),
  ];

  it('puts children right after their parent with depth, orphans at the root', () => {
    expect(folderRows(boxes).map((r) => [r.mailbox.path, r.depth])).toEqual([
      ['INBOX', 0],
      ['INBOX/Receipts', 1],
      ['Sent', 0],
      ['학교 공지', 0],
      ['학교 공지/2025', 1],
      ['Lost/Child', 0],
    ]);
  });

  it('hides the children of collapsed folders', () => {
    const rows = folderRows(boxes, new Set(['INBOX']));
    expect(rows.map((r) => r.mailbox.path)).not.toContain('INBOX/Receipts');
    expect(rows[0]!.hasChildren).toBe(true);
  });

  it('translates role folders and keeps other names as they are', () => {
    const t = (key: string) => ({ 'folders.role.inbox': '받은편지함' })[key] ?? key;
    expect(folderLabel(box('INBOX', null, 'inbox'), t)).toBe('받은편지함');
    expect(folderLabel(box('학교 공지', null), t)).toBe('학교 공지');
  });
});
