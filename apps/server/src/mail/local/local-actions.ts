import libmime from 'libmime';
import type { MailboxRole, MessageActionBody } from '@pigeon/shared';
import { decodeHeaderWords } from '../../features/message/mime/header-words.ts';
import { invalidAction } from '../../features/message/message.errors.ts';

/** What a list action does to a local folder (decision 026). */
export type LocalActionPlan =
  | { kind: 'flags'; add: string[]; remove: string[]; destination: null }
  | { kind: 'move'; to: string; destination: string }
  | { kind: 'remove'; destination: null }
  | { kind: 'none'; destination: string };

const FLAGS: Record<string, { add: string[]; remove: string[] }> = {
  markRead: { add: ['\\Seen'], remove: [] },
  markUnread: { add: [], remove: ['\\Seen'] },
  star: { add: ['\\Flagged'], remove: [] },
  unstar: { add: [], remove: ['\\Flagged'] },
};

/**
 * A list action on a local folder, as the IMAP store does it on the server: delete moves to Trash, except from
 * Trash or Junk, where it removes for good; move and archive to the folder itself change nothing. Pure.
 */
export function planLocalAction(
  path: string,
  { action, target }: Pick<MessageActionBody, 'action' | 'target'>,
  roles: Partial<Record<MailboxRole, string>>,
): LocalActionPlan {
  const flags = FLAGS[action];
  if (flags) return { kind: 'flags', ...flags, destination: null };
  const to = action === 'move' ? target : action === 'archive' ? roles.archive : undefined;
  if (action === 'move' && !to) throw invalidAction('Moving needs a target folder.');
  if (to) return to === path ? { kind: 'none', destination: to } : { kind: 'move', to, destination: to };
  if (path === roles.trash || path === roles.junk) return { kind: 'remove', destination: null };
  if (!roles.trash) throw invalidAction('There is no Trash folder to delete to.');
  return { kind: 'move', to: roles.trash, destination: roles.trash };
}

/** Bytes of a header block a header search reads (a longer block is cut; its later fields are not searched). */
export const SEARCH_HEADER_MAX_BYTES = 64 * 1024;

/** Whether a header block has a field `name` whose decoded value contains `value` (case-insensitive), as IMAP's
 * SEARCH HEADER does. Pure. */
export function headerContains(block: Buffer, name: string, value: string): boolean {
  const fields = libmime.decodeHeaders(block.toString('latin1', 0, SEARCH_HEADER_MAX_BYTES));
  const needle = value.toLowerCase();
  return (fields[name.toLowerCase()] ?? []).some(
    (v) => typeof v === 'string' && decodeHeaderWords(v).toLowerCase().includes(needle),
  );
}
