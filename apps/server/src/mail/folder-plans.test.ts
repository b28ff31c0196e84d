import { describe, expect, it } from 'vitest';
import type { FolderEntry } from '../imap/folders.ts';
import { assignRoles } from './imap/mailbox.mapper.ts';
import { checkEmptiable, planCreate, planDelete, planUpdate, type FolderView } from './folder-plans.ts';

const entry = (path: string, flags: string[] = []): FolderEntry => {
  const parts = path.split('/');
  return {
    path,
    name: parts.at(-1)!,
    delimiter: '/',
    parentPath: parts.slice(0, -1).join('/'),
    flags: new Set(flags),
    subscribed: true,
  };
};
const entries = [
  entry('INBOX'),
  entry('Sent', ['\\Sent']),
  entry('Trash', ['\\Trash']),
  entry('Junk', ['\\Junk']),
  entry('Projects'),
  entry('Projects/Alpha'),
  entry('Projects/Alpha/2026'),
  entry('학교'),
  entry('Old'),
  entry('Old/Sent Items'),
  entry('a*b'),
];
const view: FolderView = { entries, roles: assignRoles(entries), delimiter: '/' };
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('planCreate', () => {
  it('joins the parent, the delimiter and the normalized name', () => {
    expect(planCreate(view, null, ' 🎉 Party ')).toBe('🎉 Party');
    expect(planCreate(view, '학교', '수업'.normalize('NFD'))).toBe('학교/수업');
  });
  it('refuses delimiter injection, an existing folder, INBOX again, a missing parent', () => {
    expect(code(() => planCreate(view, null, 'Projects/Evil'))).toBe('folder.invalid_name');
    expect(code(() => planCreate(view, 'Projects', 'Alpha'))).toBe('folder.exists');
    expect(code(() => planCreate(view, null, 'inbox'))).toBe('folder.exists');
    expect(code(() => planCreate(view, 'Nope', 'x'))).toBe('mailbox.not_found');
    expect(code(() => planCreate(view, null, 'x'.repeat(101)))).toBe('folder.name_too_long');
  });
  it('bounds the whole path', () => {
    const deep = Array.from({ length: 12 }, (_, i) => `${'가'.repeat(40)}${i}`).join('/');
    const deepView: FolderView = { ...view, entries: [...entries, entry(deep)] };
    expect(code(() => planCreate(deepView, deep, 'x'))).toBe('folder.name_too_long');
  });
});

describe('planUpdate', () => {
  it('renames in place and moves under another parent, with the subfolders', () => {
    const plan = planUpdate(view, 'Projects', { name: '프로젝트' });
    expect(plan?.to).toBe('프로젝트');
    expect(plan?.subtree.map((e) => e.path)).toEqual(['Projects/Alpha/2026', 'Projects/Alpha', 'Projects']);
    expect(planUpdate(view, 'Projects/Alpha', { parent: '학교' })?.to).toBe('학교/Alpha');
    expect(planUpdate(view, 'Projects/Alpha', { parent: null })?.to).toBe('Alpha');
    expect(planUpdate(view, 'Projects', { name: 'Projects' })).toBeNull();
  });
  it('keeps a folder’s own odd name when only moving it', () => {
    expect(planUpdate(view, 'a*b', { parent: 'Projects' })?.to).toBe('Projects/a*b');
    expect(code(() => planUpdate(view, 'a*b', { name: 'c*d' }))).toBe('folder.invalid_name');
  });
  it('refuses special folders, folders holding one, moving into itself, a taken name', () => {
    for (const path of ['INBOX', 'Sent', 'Trash', 'Junk'])
      expect(
        code(() => planUpdate(view, path, { name: 'x' })),
        path,
      ).toBe('folder.protected');
    expect(code(() => planUpdate(view, 'Projects', { parent: 'Projects/Alpha' }))).toBe('folder.into_itself');
    expect(code(() => planUpdate(view, 'Projects', { parent: 'Projects' }))).toBe('folder.into_itself');
    expect(code(() => planUpdate(view, 'Projects/Alpha', { parent: null, name: '학교' }))).toBe('folder.exists');
    expect(code(() => planUpdate(view, 'Missing', { name: 'x' }))).toBe('mailbox.not_found');
  });
});

describe('planDelete / checkEmptiable', () => {
  it('deletes the subtree deepest first, never a special folder', () => {
    expect(planDelete(view, 'Projects').map((e) => e.path)).toEqual([
      'Projects/Alpha/2026',
      'Projects/Alpha',
      'Projects',
    ]);
    expect(code(() => planDelete(view, 'INBOX'))).toBe('folder.protected');
    expect(code(() => planDelete(view, 'Trash'))).toBe('folder.protected');
  });
  it('empties only Trash and Junk', () => {
    expect(code(() => checkEmptiable(view, 'Trash'))).toBe('ok');
    expect(code(() => checkEmptiable(view, 'Junk'))).toBe('ok');
    expect(code(() => checkEmptiable(view, 'Projects'))).toBe('folder.not_emptiable');
  });
});
