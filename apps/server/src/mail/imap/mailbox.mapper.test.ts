import { describe, expect, it } from 'vitest';
import { assignRoles, toMailboxList } from './mailbox.mapper.ts';

type E = Parameters<typeof toMailboxList>[0][number];
const entry = (path: string, flags: string[] = [], status?: { messages: number; unseen: number }): E => {
  const parts = path.split('/');
  return {
    path,
    name: parts[parts.length - 1] ?? path,
    delimiter: '/',
    parentPath: parts.slice(0, -1).join('/'),
    flags: new Set(flags),
    subscribed: path !== 'Zeta',
    ...(status ? { status } : {}),
  };
};

describe('toMailboxList', () => {
  it('orders role folders first, then the rest alphabetically with children after parents', () => {
    const list = toMailboxList([
      entry('Zeta'),
      entry('Trash', ['\\Trash']),
      entry('Projects/Beta'),
      entry('학교 공지', [], { messages: 12, unseen: 3 }),
      entry('Archive', ['\\Archive']),
      entry('Projects'),
      entry('Sent', ['\\Sent']),
      entry('Junk', ['\\Junk']),
      entry('Projects/Alpha'),
      entry('INBOX', [], { messages: 50000, unseen: 1500 }),
      entry('Drafts', ['\\Drafts']),
      entry('INBOX/Receipts'),
    ]);
    expect(list.map((m) => m.path)).toEqual([
      'INBOX',
      'INBOX/Receipts',
      'Drafts',
      'Sent',
      'Archive',
      'Junk',
      'Trash',
      'Projects',
      'Projects/Alpha',
      'Projects/Beta',
      'Zeta',
      '학교 공지',
    ]);
    expect(list.find((m) => m.path === '학교 공지')).toEqual({
      path: '학교 공지',
      name: '학교 공지',
      parent: null,
      delimiter: '/',
      role: null,
      total: 12,
      unread: 3,
      selectable: true,
      subscribed: true,
    });
    expect(list.find((m) => m.path === 'Zeta')?.subscribed).toBe(false);
    expect(list.find((m) => m.path === 'Projects/Alpha')?.parent).toBe('Projects');
    expect(list[0]).toMatchObject({ role: 'inbox', total: 50000, unread: 1500 });
  });

  it('reads special-use flags case-insensitively (Cyrus answers \\drafts)', () => {
    const roles = assignRoles([entry('Brouillons', ['\\drafts']), entry('Corbeille', ['\\TRASH'])]);
    expect(roles.get('Brouillons')).toBe('drafts');
    expect(roles.get('Corbeille')).toBe('trash');
  });

  it('falls back to common names, but a server flag wins over a name', () => {
    const roles = assignRoles([
      entry('Spam'),
      entry('Sent Items'),
      entry('Deleted Items'),
      entry('Trash'),
      entry('Bin', ['\\Trash']),
      entry('Projects/Sent'),
    ]);
    expect(roles.get('Spam')).toBe('junk');
    expect(roles.get('Sent Items')).toBe('sent');
    expect(roles.get('Bin')).toBe('trash');
    expect(roles.has('Deleted Items')).toBe(false);
    expect(roles.has('Projects/Sent')).toBe(false);
  });

  it('marks \\Noselect folders and treats a folder whose parent is not listed as top-level', () => {
    const list = toMailboxList([entry('Shared', ['\\Noselect']), entry('Ghost/Child')]);
    expect(list.find((m) => m.path === 'Shared')?.selectable).toBe(false);
    expect(list.find((m) => m.path === 'Ghost/Child')?.parent).toBeNull();
  });
});
