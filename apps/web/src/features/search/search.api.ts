import { apiRoutes, type AllFoldersPage } from '@pigeon/shared';
import { currentAccount } from '../../api/account';
import { request } from '../../api/http';

export const searchApi = {
  /** one page of a search in every folder, newest first; `cursor` continues the previous page */
  allFolders: (query: Record<string, string>, cursor: string | null, signal?: AbortSignal) =>
    request<AllFoldersPage>(apiRoutes.searchAll(currentAccount(), cursor ? { ...query, cursor } : query), { signal }),
};
