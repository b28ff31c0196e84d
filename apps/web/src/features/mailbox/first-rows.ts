import type { FirstRows } from '@pigeon/shared';
import { useMessageStore } from '../message/message.store';
import { defFromQuery, isFolderList, withConversations } from '../message/list-def';
import { usePreferencesStore } from '../settings/preferences.store';
import { useMailboxStore } from './mailbox.store';

interface Target {
  name?: unknown;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The list the mail page will show for `target`, or null for a route that shows none. */
function listOf(target: Target) {
  if (target.name !== 'mail' && target.name !== 'search') return null;
  const folder = String(first(target.params.folder) || 'INBOX');
  return withConversations(defFromQuery(folder, target.query), usePreferencesStore().conversations);
}

/** The folder whose first page the sign-in answer can carry: the target's, when it shows the folder itself. */
export function firstPageOf(target: Target): string | undefined {
  const def = listOf(target);
  return def && isFolderList(def) ? def.path : undefined;
}

/**
 * Right after sign-in, before the mail page exists: the folders and the first page the answer carried are stored
 * (decision 036); whatever it did not carry is asked for now, in parallel (decision 024). The page's own loads take
 * these answers instead of repeating them, even when its code arrives after them.
 */
export function loadFirstRows(target: Target, given?: FirstRows): void {
  const def = listOf(target);
  if (!def) return;
  const mailboxes = useMailboxStore();
  if (given) mailboxes.give(given.mailboxes);
  else mailboxes.load().catch(() => {});
  const messages = useMessageStore();
  if (given && given.path === def.path && isFolderList(def)) messages.giveHead(def, given.page);
  else messages.loadHeadAhead(def).catch(() => {});
}
