import { useI18n } from 'vue-i18n';
import type { FolderChange, MailboxListChangedEvent } from '@pigeon/shared';
import { errorText } from '../../i18n/error-text';
import { confirmAction } from '../../ui/confirm';
import { showToast } from '../../ui/toast';
import { useMailboxStore } from '../mailbox/mailbox.store';
import { useMessageStore } from '../message/message.store';
import { folderLabel, subtreeOf } from '../mailbox/folder-tree';
import { foldersApi } from './folders.api';

/** Folder management for the pane and the manage page: each change is made on the server, then the list is replaced. */
export function useFolderActions() {
  const mailboxes = useMailboxStore();
  const messages = useMessageStore();
  const { t, te, locale } = useI18n();
  const label = (path: string) => {
    const m = mailboxes.get(path);
    return m ? folderLabel(m, t) : path;
  };
  const fail = (error: unknown) => showToast(errorText(error, t, te, locale.value), 'error');
  /** every loaded list of the folder (plain, sorted, filtered, searched) reloads its newest page */
  const reloadLists = (path: string) =>
    Promise.all(
      Object.values(messages.lists)
        .filter((l) => l.def.path === path && l.loaded)
        .map((l) => messages.loadHead(l.def).catch(() => {})),
    );

  async function applied(
    change: Omit<MailboxListChangedEvent, 'mailboxes' | 'accountId'>,
    done: Promise<FolderChange>,
  ) {
    const result = await done;
    await mailboxes.applyListChange({ ...change, mailboxes: result.mailboxes });
    return result.path;
  }

  /** Throws the API error (the dialog shows it next to the name). */
  const create = (parent: string | null, name: string) =>
    foldersApi.create({ parent, name }).then(async (r) => {
      await mailboxes.applyListChange({ reason: 'created', path: r.path ?? undefined, mailboxes: r.mailboxes });
      return r.path;
    });

  const rename = async (path: string, name: string) => {
    const to = await foldersApi.update(path, { name });
    return applied({ reason: 'renamed', path, newPath: to.path ?? undefined }, Promise.resolve(to));
  };

  async function move(path: string, parent: string | null): Promise<void> {
    try {
      const to = await foldersApi.update(path, { parent });
      await applied({ reason: 'renamed', path, newPath: to.path ?? undefined }, Promise.resolve(to));
      showToast(t('folderActions.moved', { name: label(to.path ?? path) }));
    } catch (error) {
      fail(error);
    }
  }

  async function remove(path: string): Promise<void> {
    const subtree = subtreeOf(mailboxes.mailboxes, path);
    const count = subtree.reduce((sum, m) => sum + m.total, 0);
    const folders = subtree.length - 1;
    const ok = await confirmAction({
      title: t('folderActions.deleteTitle', { name: label(path) }),
      body: [
        t('folderActions.deleteMessages', { count }, count),
        folders > 0 ? t('folderActions.deleteFolders', { count: folders }, folders) : '',
        t('folderActions.cannotUndo'),
      ]
        .filter(Boolean)
        .join(' '),
      ok: t('folderActions.deleteOk'),
      danger: true,
    });
    if (!ok) return;
    try {
      await applied({ reason: 'deleted', path }, foldersApi.remove(path));
      showToast(t('folderActions.deleted', { name: label(path) }));
    } catch (error) {
      fail(error);
    }
  }

  async function subscribe(path: string, subscribed: boolean): Promise<void> {
    try {
      await applied({ reason: 'subscribed', path }, foldersApi.subscribe(path, subscribed));
    } catch (error) {
      fail(error);
    }
  }

  async function empty(path: string): Promise<void> {
    const count = mailboxes.get(path)?.total ?? 0;
    const ok = await confirmAction({
      title: t('folderActions.emptyTitle', { name: label(path) }),
      body: `${t('folderActions.emptyBody', { count }, count)} ${t('folderActions.cannotUndo')}`,
      ok: t('folderActions.emptyOk'),
      danger: true,
    });
    if (!ok) return;
    try {
      const result = await foldersApi.empty(path);
      mailboxes.setCounts(path, result);
      await reloadLists(path);
      showToast(t('folderActions.emptied', { name: label(path) }));
    } catch (error) {
      fail(error);
    }
  }

  async function markAllRead(path: string): Promise<void> {
    try {
      const result = await foldersApi.markAllRead(path);
      mailboxes.setCounts(path, result);
      await reloadLists(path);
      showToast(t('folderActions.markedRead', { count: result.affected }, result.affected));
    } catch (error) {
      fail(error);
    }
  }

  return { create, rename, move, remove, subscribe, empty, markAllRead };
}
