import { describe, expect, it } from 'vitest';
import type { LocalFolderInfo } from './local/local-store.repository.ts';
import { toMailboxes } from './pop3-mail-store.ts';

const folder = (path: string, role: LocalFolderInfo['role'] = null): LocalFolderInfo => ({
  id: path,
  path,
  role,
  uidValidity: 1,
  uidNext: 1,
  highestModSeq: 0n,
  total: 2,
  unread: 1,
});

describe('toMailboxes', () => {
  it('puts role folders first in a fixed order, then the user folders by path with their parents', () => {
    const list = toMailboxes([
      folder('Work/2026'),
      folder('Junk', 'junk'),
      folder('Work'),
      folder('INBOX', 'inbox'),
      folder('Sent', 'sent'),
    ]);
    expect(list.map((m) => m.path)).toEqual(['INBOX', 'Sent', 'Junk', 'Work', 'Work/2026']);
    expect(list[4]).toMatchObject({ name: '2026', parent: 'Work', delimiter: '/', total: 2, unread: 1 });
  });
});
