import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { MessageAction, MessageSummary } from '@pigeon/shared';
import { errorText } from '../../i18n/error-text';
import { confirmAction } from '../../ui/confirm';
import { showToast } from '../../ui/toast';
import { useMessageStore } from '../message/message.store';
import type { ListDef } from '../message/list-def';
import { useMailboxStore } from './mailbox.store';
import { folderLabel } from './folder-tree';

const REMOVING: ReadonlySet<MessageAction> = new Set(['delete', 'archive', 'move', 'junk', 'notJunk', 'deleteForever']);

/**
 * The actions of the mail view: they apply to the checked rows, else the open message, else the
 * keyboard cursor. Removing the open message opens its neighbour (or goes back to the list).
 */
export function useMailActions(view: {
  folder: Ref<string>;
  /** the list on screen, whose order picks the neighbour after a removal */
  list: Ref<ListDef>;
  openUid: Ref<number | null>;
  cursor: Ref<number | null>;
  navigate: (uid: number | null) => void;
}) {
  const messages = useMessageStore();
  const mailboxes = useMailboxStore();
  const { t, te, locale } = useI18n();

  const targets = computed<number[]>(() => {
    if (messages.selected.length) return messages.selected;
    const one = view.openUid.value ?? view.cursor.value;
    return one === null ? [] : [one];
  });
  const summaries = computed(() =>
    targets.value.map((uid) => messages.summary(view.folder.value, uid)).filter((m): m is MessageSummary => !!m),
  );
  const anySeen = computed(() => summaries.value.some((m) => m.flags.seen));
  const anyUnread = computed(() => summaries.value.some((m) => !m.flags.seen));
  const allFlagged = computed(() => summaries.value.length > 0 && summaries.value.every((m) => m.flags.flagged));
  const permanentDelete = computed(() => {
    const role = mailboxes.get(view.folder.value)?.role;
    return role === 'trash' || role === 'junk';
  });
  const inJunk = computed(() => mailboxes.get(view.folder.value)?.role === 'junk');

  function successText(action: MessageAction, count: number, target?: string): string | null {
    if (action === 'archive') return t('toast.archived', { count }, count);
    if (action === 'junk') return t('toast.junked', { count }, count);
    if (action === 'notJunk') return t('toast.notJunked', { count }, count);
    if (action === 'delete')
      return t(permanentDelete.value ? 'toast.deletedForever' : 'toast.deleted', { count }, count);
    if (action === 'move' && target) {
      const mailbox = mailboxes.get(target);
      return t('toast.moved', { count, folder: mailbox ? folderLabel(mailbox, t) : target }, count);
    }
    return null;
  }

  async function run(action: MessageAction, opts: { uids?: number[]; target?: string } = {}): Promise<void> {
    const uids = [...(opts.uids ?? targets.value)];
    if (uids.length === 0) return;
    const path = view.folder.value;
    if (action === 'delete' && permanentDelete.value) {
      const ok = await confirmAction({
        title: t('confirm.deleteTitle'),
        body: t('confirm.deleteBody', { count: uids.length }, uids.length),
        ok: t('confirm.deleteOk'),
        danger: true,
      });
      if (!ok) return;
    }
    const removing = REMOVING.has(action);
    const open = view.openUid.value;
    const next =
      removing && open !== null && uids.includes(open)
        ? messages.neighborAfterRemoval(view.list.value, open, uids)
        : undefined;
    const cursor = view.cursor.value;
    if (removing && cursor !== null && uids.includes(cursor)) {
      view.cursor.value = messages.neighborAfterRemoval(view.list.value, cursor, uids);
    }
    const done = view.list.value.conversations
      ? messages.actOnConversations(view.list.value, uids, action, opts.target)
      : messages.act(path, action, uids, opts.target);
    if (removing) {
      messages.setSelection([]);
      if (next !== undefined) view.navigate(next);
    }
    try {
      await done;
      const text = successText(action, uids.length, opts.target);
      if (text) showToast(text);
    } catch (error) {
      showToast(errorText(error, t, te, locale.value), 'error');
    }
  }

  return { targets, anySeen, anyUnread, allFlagged, permanentDelete, inJunk, run };
}
