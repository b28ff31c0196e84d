import { describe, expect, it } from 'vitest';
import {
  defFromQuery,
  defQuery,
  folderDef,
  isFolderList,
  isSearch,
  listKey,
  readsText,
  sameDef,
  withConversations,
} from './list-def';

describe('list definitions', () => {
  it('keys the folder itself by its path, every other view by path and query', () => {
    expect(listKey(folderDef('INBOX'))).toBe('INBOX');
    const d = defFromQuery('INBOX', { sort: 'size', unread: 'true', q: '학교' });
    expect(listKey(d)).toBe('INBOX\n?q=%ED%95%99%EA%B5%90&sort=size&unread=true');
    expect(listKey(defFromQuery('INBOX', { unread: 'true', sort: 'size', q: '학교' }))).toBe(listKey(d));
  });

  it('reads a URL query back into the same definition', () => {
    const d = defFromQuery('Projects/Alpha', { q: ' trip ', from: 'kim', order: 'asc' });
    expect(d).toMatchObject({ q: 'trip', from: 'kim', sort: 'date', order: 'asc' });
    expect(defFromQuery(d.path, defQuery(d))).toEqual(d);
    expect(isSearch(d)).toBe(true);
    expect(readsText(d)).toBe(true);
    expect(isFolderList(d)).toBe(false);
  });

  it('ignores unknown values', () => {
    const d = defFromQuery('INBOX', { sort: 'evil', order: 'up', unread: '1', q: ['a', 'b'] });
    expect(d).toMatchObject({ sort: 'date', order: 'desc', unread: false, q: 'a' });
    expect(isFolderList(defFromQuery('INBOX', { q: 'a' }))).toBe(false);
    expect(isFolderList(defFromQuery('INBOX', {}))).toBe(true);
  });

  it('groups only the folder itself into conversations, under a key of its own', () => {
    const grouped = withConversations(folderDef('INBOX'), true);
    expect(grouped.conversations).toBe(true);
    expect(listKey(grouped)).toBe('INBOX\n?group=conversations');
    expect(isFolderList(grouped)).toBe(false);
    expect(defQuery(grouped)).toEqual({});
    expect(withConversations(defFromQuery('INBOX', { q: 'trip' }), true).conversations).toBe(false);
    expect(withConversations(folderDef('INBOX'), false)).toEqual(folderDef('INBOX'));
  });
});

describe('sameDef', () => {
  it('keeps the previous object for the same list, field by field, and takes the new one otherwise', () => {
    const a = defFromQuery('INBOX', { q: 'x', sort: 'size' });
    const again = defFromQuery('INBOX', { q: 'x', sort: 'size' });
    expect(sameDef(a, again)).toBe(a);
    const other = defFromQuery('INBOX', { q: 'y', sort: 'size' });
    expect(sameDef(a, other)).toBe(other);
    expect(sameDef(a, { ...again, conversations: !again.conversations })).not.toBe(a);
    expect(sameDef(undefined, again)).toBe(again);
  });
});
