import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (key: string, extra: Record<string, unknown> = {}) =>
  shortcutFor({ key, target: { tagName: 'BODY' }, ...extra });

describe('shortcutFor', () => {
  it('maps the Gmail-style keys', () => {
    expect(key('j')).toBe('next');
    expect(key('k')).toBe('previous');
    expect(key('Enter')).toBe('open');
    expect(key('o')).toBe('open');
    expect(key('u')).toBe('back');
    expect(key('#', { shiftKey: true })).toBe('delete');
    expect(key('e')).toBe('archive');
    expect(key('s')).toBe('star');
    expect(key('U', { shiftKey: true })).toBe('markUnread');
    expect(key('I', { shiftKey: true })).toBe('markRead');
    expect(key('?', { shiftKey: true })).toBe('help');
    expect(key('v')).toBe('move');
    expect(key('x')).toBe('select');
  });

  it('ignores keys typed into fields and chords with Ctrl, Cmd or Alt', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT'])
      expect(shortcutFor({ key: 'j', target: { tagName } })).toBeNull();
    expect(shortcutFor({ key: 'j', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(key('s', { ctrlKey: true })).toBeNull();
    expect(key('e', { metaKey: true })).toBeNull();
    expect(key('j', { altKey: true })).toBeNull();
    expect(key('j', { isComposing: true })).toBeNull();
  });

  it('leaves Enter to focused buttons and links', () => {
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'BUTTON' } })).toBeNull();
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'A' } })).toBeNull();
  });

  it('matches letters by physical key with a Korean layout active', () => {
    expect(key('ㅓ', { code: 'KeyJ' })).toBe('next');
    expect(key('ㄴ', { code: 'KeyS' })).toBe('star');
  });

  it('ignores other keys', () => {
    expect(key('q')).toBeNull();
    expect(key('S', { shiftKey: true })).toBeNull();
    expect(key('ArrowDown')).toBeNull();
  });
});
