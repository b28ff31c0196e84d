import { EXPORT_MAX_FOLDERS, EXPORT_MAX_MESSAGES, apiRoutes } from '@pigeon/shared';
import type { FolderSizes, LargestMessages, LargestQuery, QuotaAnswer } from '@pigeon/shared';
import { accountRoutes, currentAccount } from '../../api/account';
import { request } from '../../api/http';

export interface CapacityApi {
  quota(): Promise<QuotaAnswer>;
  folderSizes(): Promise<FolderSizes>;
  largest(query: LargestQuery): Promise<LargestMessages>;
}

export const capacityApi: CapacityApi = {
  quota: () => request<QuotaAnswer>(accountRoutes.quota()),
  folderSizes: () => request<FolderSizes>(accountRoutes.folderSizes()),
  largest: (query) => request<LargestMessages>(accountRoutes.largest(query)),
};

/** Where the browser downloads these messages as one zip of .eml files; null when there are none or too many. */
export function exportEmlHref(path: string, uids: readonly number[]): string | null {
  if (uids.length === 0 || uids.length > EXPORT_MAX_MESSAGES) return null;
  return apiRoutes.exportEml(
    currentAccount(),
    path,
    [...uids].sort((a, b) => a - b),
  );
}

/**
 * Where the browser downloads messages of several folders as one zip (a folder inside it per folder); null when
 * there are none, too many, or too many folders.
 */
export function exportEmlAcrossHref(folders: ReadonlyMap<string, readonly number[]>): string | null {
  const count = [...folders.values()].reduce((n, uids) => n + uids.length, 0);
  if (count === 0 || count > EXPORT_MAX_MESSAGES || folders.size > EXPORT_MAX_FOLDERS) return null;
  return apiRoutes.exportEmlAcross(
    currentAccount(),
    [...folders].map(([path, uids]) => [path, [...uids].sort((a, b) => a - b)] as const),
  );
}
