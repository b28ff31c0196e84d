import { useMessageStore } from '../message/message.store';
import { defFromQuery } from '../message/list-def';
import { useMailboxStore } from './mailbox.store';

interface Target {
  name?: unknown;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * Right after sign-in, before the mail page exists: asks for the folders and the first page of the list the
 * target route shows, in parallel (decision 024). The page's own loads join these requests instead of repeating them.
 */
export function loadFirstRows(target: Target): void {
  if (target.name !== 'mail' && target.name !== 'search') return;
  const folder = String(first(target.params.folder) || 'INBOX');
  useMailboxStore()
    .load()
    .catch(() => {});
  useMessageStore()
    .loadHead(defFromQuery(folder, target.query))
    .catch(() => {});
}
