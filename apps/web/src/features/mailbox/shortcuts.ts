export type ShortcutCommand =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'delete'
  | 'archive'
  | 'star'
  | 'markUnread'
  | 'markRead'
  | 'move'
  | 'select'
  | 'search'
  | 'help';

/** What the help dialog lists, in order; `keys` are shown as typed. */
export const SHORTCUTS: readonly { keys: string[]; command: ShortcutCommand }[] = [
  { keys: ['j'], command: 'next' },
  { keys: ['k'], command: 'previous' },
  { keys: ['Enter', 'o'], command: 'open' },
  { keys: ['u'], command: 'back' },
  { keys: ['x'], command: 'select' },
  { keys: ['s'], command: 'star' },
  { keys: ['#'], command: 'delete' },
  { keys: ['e'], command: 'archive' },
  { keys: ['v'], command: 'move' },
  { keys: ['Shift+U'], command: 'markUnread' },
  { keys: ['Shift+I'], command: 'markRead' },
  { keys: ['/'], command: 'search' },
  { keys: ['?'], command: 'help' },
];

const LETTERS: Record<string, ShortcutCommand> = {
  j: 'next',
  k: 'previous',
  o: 'open',
  u: 'back',
  x: 'select',
  s: 'star',
  e: 'archive',
  v: 'move',
};

export interface KeyInput {
  key: string;
  code?: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
  target?: unknown;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATES_ON_ENTER = new Set(['BUTTON', 'A', 'SUMMARY']);

function tagOf(target: unknown): string {
  const tag = (target as { tagName?: unknown } | null)?.tagName;
  return typeof tag === 'string' ? tag.toUpperCase() : '';
}

/** True when keys belong to a text field, not to the mail view. */
export function isTypingTarget(target: unknown): boolean {
  return TYPING.has(tagOf(target)) || (target as { isContentEditable?: boolean } | null)?.isContentEditable === true;
}

/**
 * Maps a key press to a mail command, or null. Ignores typing, IME composition and Ctrl/Cmd/Alt chords.
 * Letters also match by physical key (`code`), so shortcuts work with a Korean keyboard layout active.
 */
export function shortcutFor(e: KeyInput): ShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTypingTarget(e.target)) return null;
  if (e.key === '#') return 'delete';
  if (e.key === '?') return 'help';
  if (e.key === '/') return 'search';
  if (e.key === 'Enter') return e.shiftKey || ACTIVATES_ON_ENTER.has(tagOf(e.target)) ? null : 'open';
  const letter = /^[a-z]$/i.test(e.key)
    ? e.key.toLowerCase()
    : e.code?.startsWith('Key') && e.key.length === 1
      ? e.code.slice(3).toLowerCase()
      : null;
  if (!letter) return null;
  if (e.shiftKey) return letter === 'u' ? 'markUnread' : letter === 'i' ? 'markRead' : null;
  return LETTERS[letter] ?? null;
}
