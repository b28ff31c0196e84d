import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/app-error.ts';
import { headerContains, planLocalAction, SEARCH_HEADER_MAX_BYTES } from './local-actions.ts';

const roles = { inbox: 'INBOX', trash: 'Trash', junk: 'Junk', archive: 'Archive' };

describe('planLocalAction', () => {
  it('turns flag actions into flags to add and remove', () => {
    expect(planLocalAction('INBOX', { action: 'markRead' }, roles)).toMatchObject({ kind: 'flags', add: ['\\Seen'] });
    expect(planLocalAction('INBOX', { action: 'unstar' }, roles)).toMatchObject({ remove: ['\\Flagged'] });
  });

  it('deletes to Trash, and for good from Trash and Junk', () => {
    expect(planLocalAction('INBOX', { action: 'delete' }, roles)).toEqual({
      kind: 'move',
      to: 'Trash',
      destination: 'Trash',
      add: [],
      remove: [],
    });
    expect(planLocalAction('Trash', { action: 'delete' }, roles)).toEqual({ kind: 'remove', destination: null });
    expect(planLocalAction('Junk', { action: 'delete' }, roles).kind).toBe('remove');
    expect(() => planLocalAction('INBOX', { action: 'delete' }, { inbox: 'INBOX' })).toThrow(/Trash/);
  });

  it('moves and archives, and does nothing when the target is the folder itself', () => {
    expect(planLocalAction('INBOX', { action: 'archive' }, roles)).toMatchObject({ kind: 'move', to: 'Archive' });
    expect(planLocalAction('Archive', { action: 'archive' }, roles)).toEqual({
      kind: 'none',
      destination: 'Archive',
      add: [],
      remove: [],
    });
    expect(planLocalAction('INBOX', { action: 'move', target: 'Work' }, roles)).toMatchObject({ to: 'Work' });
    expect(() => planLocalAction('INBOX', { action: 'move' }, roles)).toThrow(/target/);
    expect(() => planLocalAction('INBOX', { action: 'archive' }, { inbox: 'INBOX', trash: 'Trash' })).toThrow(
      /Archive/,
    );
  });

  it('sets the junk verdict and moves to Junk, or back to INBOX', () => {
    expect(planLocalAction('INBOX', { action: 'junk' }, roles)).toEqual({
      kind: 'move',
      to: 'Junk',
      destination: 'Junk',
      add: ['$Junk'],
      remove: ['$NotJunk'],
    });
    expect(planLocalAction('Junk', { action: 'notJunk' }, roles)).toMatchObject({
      kind: 'move',
      to: 'INBOX',
      add: ['$NotJunk'],
      remove: ['$Junk'],
    });
    // already in Junk: only the verdict changes
    expect(planLocalAction('Junk', { action: 'junk' }, roles)).toMatchObject({ kind: 'none', add: ['$Junk'] });
  });

  it('removes for good with deleteForever in any folder', () => {
    expect(planLocalAction('INBOX', { action: 'deleteForever' }, roles)).toEqual({ kind: 'remove', destination: null });
  });

  it('refuses an action it does not know with a stable code instead of deleting', () => {
    let code = '';
    try {
      planLocalAction('INBOX', { action: 'read' }, roles);
    } catch (err) {
      code = isAppError(err) ? err.code : String(err);
    }
    expect(code).toBe('message.invalid_action');
  });
});

describe('headerContains', () => {
  const block = Buffer.from(
    'Subject: =?UTF-8?B?7ZWZ6rWQ?= news\r\nX-Pigeon-Draft-Id: abc-123\r\nReceived: from x\r\n by y\r\n\r\n',
  );

  it('matches a field by name, case-insensitively, with encoded words decoded', () => {
    expect(headerContains(block, 'x-pigeon-draft-id', 'ABC-1')).toBe(true);
    expect(headerContains(block, 'Subject', '학교')).toBe(true);
    expect(headerContains(block, 'Subject', 'abc')).toBe(false);
    expect(headerContains(block, 'Message-ID', 'abc')).toBe(false);
  });

  it('reads folded fields and stops at the search bound', () => {
    expect(headerContains(block, 'Received', 'by y')).toBe(true);
    const long = Buffer.from(`X-Pad: ${'a'.repeat(SEARCH_HEADER_MAX_BYTES)}\r\nX-Late: found\r\n\r\n`);
    expect(headerContains(long, 'X-Late', 'found')).toBe(false);
  });
});
