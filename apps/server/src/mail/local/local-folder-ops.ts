import type { FolderBulkResult, MailboxRole } from '@pigeon/shared';
import type { FolderEntry } from '../../imap/folders.ts';
import { checkEmptiable, planCreate, planDelete, planUpdate, type FolderView } from '../folder-plans.ts';
import { folderExists } from '../folders.errors.ts';
import type { LocalFolders } from './local-folders.repository.ts';
import type { LocalFolderInfo, LocalStore } from './local-store.repository.ts';

const DELIMITER = '/';

/** Local folders as the folder plans see them (the same rules as on IMAP: names, nesting, protected folders). Pure. */
export function localFolderView(folders: readonly LocalFolderInfo[]): FolderView {
  const entries: FolderEntry[] = folders.map((f) => {
    const cut = f.path.lastIndexOf(DELIMITER);
    return {
      path: f.path,
      name: cut < 0 ? f.path : f.path.slice(cut + 1),
      parentPath: cut < 0 ? '' : f.path.slice(0, cut),
      delimiter: DELIMITER,
      flags: new Set<string>(),
      subscribed: true,
    };
  });
  const roles = new Map<string, MailboxRole>();
  for (const f of folders) if (f.role) roles.set(f.path, f.role);
  return { entries, roles, delimiter: DELIMITER };
}

export interface LocalFolderOpsDeps {
  local: LocalStore;
  folders: LocalFolders;
  accountId: string;
  /** the store's flag change and removal, which tell the other devices */
  act: (path: string, body: { action: 'markRead' | 'delete'; uids: number[] }) => Promise<unknown>;
}

/** Create, rename/move, delete, empty and mark-all-read of a POP3 account's own folders (decision 035). */
export function localFolderOps(deps: LocalFolderOpsDeps) {
  const { local, folders, accountId } = deps;
  const view = async () => {
    await local.ensureFolders(accountId);
    return localFolderView(await local.folders(accountId));
  };
  const counts = async (path: string, affected: number): Promise<FolderBulkResult> => {
    const f = (await local.folders(accountId)).find((x) => x.path === path);
    return { path, affected, total: f?.total ?? 0, unread: f?.unread ?? 0 };
  };
  return {
    /** the new folder's path */
    async create(parent: string | null, name: string): Promise<string> {
      const path = planCreate(await view(), parent, name);
      try {
        await local.createFolder(accountId, path);
      } catch (err) {
        // two devices creating one name at once: the unique (account, path) key decides
        if ((err as { code?: string }).code === 'P2002') throw folderExists(path);
        throw err;
      }
      return path;
    },
    /** the folder's path after the change */
    async update(path: string, change: { name?: string | undefined; parent?: string | null | undefined }) {
      const plan = planUpdate(await view(), path, change);
      if (!plan) return path;
      await folders.rename(
        accountId,
        path,
        plan.to,
        plan.subtree.map((e) => e.path),
      );
      return plan.to;
    },
    async remove(path: string): Promise<void> {
      const subtree = planDelete(await view(), path);
      await folders.remove(
        accountId,
        subtree.map((e) => e.path),
      );
    },
    async empty(path: string): Promise<FolderBulkResult> {
      checkEmptiable(await view(), path);
      const uids = await folders.uids(accountId, path);
      // deleting from Trash or Junk removes for good (and marks the POP3 ledger, as a delete from Trash does)
      if (uids.length) await deps.act(path, { action: 'delete', uids });
      return counts(path, uids.length);
    },
    async markRead(path: string): Promise<FolderBulkResult> {
      const before = (await local.folders(accountId)).find((x) => x.path === path);
      const uids = await folders.uids(accountId, path);
      if (uids.length) await deps.act(path, { action: 'markRead', uids });
      return counts(path, before?.unread ?? 0);
    },
  };
}
