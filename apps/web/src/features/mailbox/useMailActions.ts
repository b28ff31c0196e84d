import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { MessageAction, MessageSummary } from '@pigeon/shared';
import { errorText } from '../../i18n/error-text';
import { confirmAction } from '../../ui/confirm';
import { showToast } from '../../ui/toast';
import { useMessageStore } from '../message/message.store';
import { byFolder, messageKey } from '../message/message-keys';
import type { ListDef } from '../message/list-def';
import { exportEmlAcrossHref, exportEmlHref } from '../capacity/capacity.api';
import { useMailboxStore } from './mailbox.store';
import { folderLabel } from './folder-tree';

const REMOVING: ReadonlySet<MessageAction> = new Set(['delete', 'archive', 'move', 'junk', 'notJunk', 'deleteForever']);

/**
 * The actions of the mail view: they apply to the checked rows, else the open message, else the
 * keyboard cursor. Removing the open message opens its neighbour (or goes back to the list). In the
 * results of a search in every folder the checked rows span folders: one request per folder (decision 045).
 */
export function useMailActions(view: {
  folder: Ref<string>;
  /** the list on screen, whose order picks the neighbour after a removal */
  list: Ref<ListDef>;
  openUid: Ref<number | null>;
  cursor: Ref<number | null>;
  /** the results of a search in every folder are on screen (their checked rows are messages.foundSelected) */
  found: Ref<boolean>;
  navigate: (uid: number | null) => void;
}) {
  const messages = useMessageStore();
  const mailboxes = useMailboxStore();
  const { t, te, locale } = useI18n();

  const selectedCount = computed(() => (view.found.value ? messages.foundSelected : messages.selected).length);
  /** the messages an action applies to, as message keys */
  const targets = computed<string[]>(() => {
    if (view.found.value && messages.foundSelected.length) return messages.foundSelected;
    if (!view.found.value && messages.selected.length)
      return messages.selected.map((uid) => messageKey(view.folder.value, uid));
    const one = view.openUid.value ?? view.cursor.value;
    return one === null ? [] : [messageKey(view.folder.value, one)];
  });
  const groups = computed(() => byFolder(targets.value));
  const summaries = computed(() =>
    targets.value.map((key) => messages.messagesById[key]).filter((m): m is MessageSummary => !!m),
  );
  const anySeen = computed(() => summaries.value.some((m) => m.flags.seen));
  const anyUnread = computed(() => summaries.value.some((m) => !m.flags.seen));
  const allFlagged = computed(() => summaries.value.length > 0 && summaries.value.every((m) => m.flags.flagged));
  const roleOf = (path: string) => mailboxes.get(path)?.role;
  const emptied = (path: string) => roleOf(path) === 'trash' || roleOf(path) === 'junk';
  const paths = computed(() => (groups.value.size ? [...groups.value.keys()] : [view.folder.value]));
  /** deleting removes for good: every target is in Trash or Junk */
  const permanentDelete = computed(() => paths.value.every(emptied));
  const inJunk = computed(() => paths.value.every((p) => roleOf(p) === 'junk'));
  /** the zip of the targets: one folder's messages, or several folders' (a folder inside the zip per folder) */
  const exportHref = computed(() => {
    const [only, ...more] = [...groups.value];
    if (!only) return null;
    return more.length === 0 ? exportEmlHref(only[0], only[1]) : exportEmlAcrossHref(groups.value);
  });

  function successText(action: MessageAction, count: number, forever: boolean, target?: string): string | null {
    if (action === 'archive') return t('toast.archived', { count }, count);
    if (action === 'junk') return t('toast.junked', { count }, count);
    if (action === 'notJunk') return t('toast.notJunked', { count }, count);
    if (action === 'delete') return t(forever ? 'toast.deletedForever' : 'toast.deleted', { count }, count);
    if (action === 'move' && target) {
      const mailbox = mailboxes.get(target);
      return t('toast.moved', { count, folder: mailbox ? folderLabel(mailbox, t) : target }, count);
    }
    return null;
  }

  function clearSelection(): void {
    if (view.found.value) messages.setFoundSelection([]);
    else messages.setSelection([]);
  }

  /** One folder's part: the list's own path (conversations, the open neighbour) or the store's action. */
  function start(path: string, action: MessageAction, uids: number[], target?: string): Promise<unknown> {
    if (view.found.value) return messages.act(path, action, uids, target);
    return view.list.value.conversations
      ? messages.actOnConversations(view.list.value, uids, action, target)
      : messages.act(path, action, uids, target);
  }

  async function run(action: MessageAction, opts: { uids?: number[]; target?: string } = {}): Promise<void> {
    const keys = opts.uids ? opts.uids.map((uid) => messageKey(view.folder.value, uid)) : [...targets.value];
    // a message already where the action puts it stays (a result in Junk marked as junk, moved to its own folder)
    const parts = [...byFolder(keys)].filter(
      ([path]) => !REMOVING.has(action) || messages.destinationOf(path, action, opts.target) !== path,
    );
    const count = parts.reduce((n, [, uids]) => n + uids.length, 0);
    if (count === 0) return;
    const forever = parts.every(([path]) => emptied(path));
    if (action === 'delete' && parts.some(([path]) => emptied(path))) {
      const ok = await confirmAction({
        title: t('confirm.deleteTitle'),
        body: t('confirm.deleteBody', { count }, count),
        ok: t('confirm.deleteOk'),
        danger: true,
      });
      if (!ok) return;
    }
    const removing = REMOVING.has(action);
    const open = view.openUid.value;
    const openKey = open === null ? null : messageKey(view.folder.value, open);
    const uidsHere = parts.find(([path]) => path === view.folder.value)?.[1] ?? [];
    const leaving = removing && openKey !== null && keys.includes(openKey);
    const next = leaving && !view.found.value ? messages.neighborAfterRemoval(view.list.value, open!, uidsHere) : null;
    const cursor = view.cursor.value;
    if (removing && cursor !== null && uidsHere.includes(cursor)) {
      view.cursor.value = messages.neighborAfterRemoval(view.list.value, cursor, uidsHere);
    }
    const done = Promise.allSettled(parts.map(([path, uids]) => start(path, action, uids, opts.target)));
    if (removing) {
      clearSelection();
      if (leaving) view.navigate(next);
    }
    // each folder's part restores its own rows when it fails; the first failure is what the user reads
    const failed = (await done).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) return showToast(errorText(failed.reason, t, te, locale.value), 'error');
    const text = successText(action, count, forever, opts.target);
    if (text) showToast(text);
  }

  return {
    targets,
    selectedCount,
    anySeen,
    anyUnread,
    allFlagged,
    permanentDelete,
    inJunk,
    exportHref,
    clearSelection,
    run,
  };
}
