import libmime from 'libmime';
import type { MailboxRole } from '@pigeon/shared';
import { decodeHeaderWords } from '../mime/header-words.ts';
import { invalidAction } from '../message.errors.ts';

/** What a list action does to a local folder (decision 026). `add`/`remove` on a move: flags set before it. */
export type LocalActionPlan =
  | { kind: 'flags'; add: string[]; remove: string[]; destination: null }
  | { kind: 'move'; to: string; destination: string; add: string[]; remove: string[] }
  | { kind: 'remove'; destination: null }
  | { kind: 'none'; destination: string; add: string[]; remove: string[] };

const FLAGS: Record<string, { add: string[]; remove: string[] }> = {
  markRead: { add: ['\\Seen'], remove: [] },
  markUnread: { add: [], remove: ['\\Seen'] },
  star: { add: ['\\Flagged'], remove: [] },
  unstar: { add: [], remove: ['\\Flagged'] },
};
// the keywords a junk verdict leaves on the message, as on IMAP (they travel with it)
const VERDICT: Record<string, { add: string[]; remove: string[] }> = {
  junk: { add: ['$Junk'], remove: ['$NotJunk'] },
  notJunk: { add: ['$NotJunk'], remove: ['$Junk'] },
};

function moveTo(path: string, to: string, flags = { add: [] as string[], remove: [] as string[] }): LocalActionPlan {
  return to === path ? { kind: 'none', destination: to, ...flags } : { kind: 'move', to, destination: to, ...flags };
}

/**
 * A list action on a local folder, as the IMAP store does it on the server: delete moves to Trash, except from
 * Trash or Junk, where it removes for good; deleteForever removes anywhere; junk/notJunk set their keyword and move
 * to Junk/INBOX; move and archive to the folder itself change nothing. An action it does not know is
 * `message.invalid_action`, never a delete (a direct caller has no route schema in front of it). Pure.
 */
export function planLocalAction(
  path: string,
  { action, target }: { action: string; target?: string | undefined },
  roles: Partial<Record<MailboxRole, string>>,
): LocalActionPlan {
  const flags = FLAGS[action];
  if (flags) return { kind: 'flags', ...flags, destination: null };
  switch (action) {
    case 'move':
      if (!target) throw invalidAction('Moving needs a target folder.');
      return moveTo(path, target);
    case 'archive':
      if (!roles.archive) throw invalidAction('There is no Archive folder.');
      return moveTo(path, roles.archive);
    case 'junk':
    case 'notJunk': {
      const to = action === 'junk' ? roles.junk : (roles.inbox ?? 'INBOX');
      if (!to) throw invalidAction('There is no Junk folder.');
      return moveTo(path, to, VERDICT[action]);
    }
    case 'deleteForever':
      return { kind: 'remove', destination: null };
    case 'delete':
      if (path === roles.trash || path === roles.junk) return { kind: 'remove', destination: null };
      if (!roles.trash) throw invalidAction('There is no Trash folder to delete to.');
      return moveTo(path, roles.trash);
    default:
      throw invalidAction(`Unknown action "${action.slice(0, 40)}".`);
  }
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
