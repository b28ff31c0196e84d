import { describe, expect, it } from 'vitest';
import type { Mailbox } from '@pigeon/shared';
import { folderLabel, folderMoveTargets, folderRows, followFolder, subtreeOf, visibleFolders } from './folder-tree';

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

describe('visibleFolders', () => {
  const sub = (path: string, parent: string | null, subscribed: boolean, role: Mailbox['role'] = null): Mailbox => ({
    ...box(path, parent, role),
    subscribed,
  });
  const list = [
    sub('INBOX', null, false, 'inbox'),
    sub('Trash', null, false, 'trash'),
    sub('Projects', null, false),
    sub('Projects/Alpha', 'Projects', true),
    sub('Hidden', null, false),
    sub('Open', null, false),
  ];
  it('shows subscribed and role folders, the open one, and the parents they hang from', () => {
    expect(visibleFolders(list, 'Open').map((m) => m.path)).toEqual([
      'INBOX',
      'Trash',
      'Projects',
      'Projects/Alpha',
      'Open',
    ]);
  });
  it('shows everything when the server reports no subscriptions', () => {
    const none = list.map((m) => ({ ...m, subscribed: false }));
    expect(visibleFolders(none, null)).toHaveLength(list.length);
  });
});

describe('folderMoveTargets / subtreeOf / followFolder', () => {
  const list = [box('A', null), box('A/B', 'A'), box('A/B/C', 'A/B'), box('AB', null), box('Z', null)];
  it('never offers the folder itself, its subfolders or its current parent', () => {
    expect(subtreeOf(list, 'A').map((m) => m.path)).toEqual(['A', 'A/B', 'A/B/C']);
    expect(folderMoveTargets(list, 'A').map((m) => m.path)).toEqual(['AB', 'Z']);
    expect(folderMoveTargets(list, 'A/B').map((m) => m.path)).toEqual(['AB', 'Z']);
  });
  it('follows a renamed folder (or one inside it), leaves after a delete, ignores others', () => {
    expect(followFolder('A/B', { reason: 'renamed', path: 'A', newPath: '가' })).toBe('가/B');
    expect(followFolder('A', { reason: 'renamed', path: 'A', newPath: 'Z/A' })).toBe('Z/A');
    expect(followFolder('AB', { reason: 'renamed', path: 'A', newPath: 'X' })).toBeNull();
    expect(followFolder('A/B/C', { reason: 'deleted', path: 'A/B' })).toBe('INBOX');
    expect(followFolder('Z', { reason: 'created', path: 'Z' })).toBeNull();
  });
});
