import { apiRoutes, type AllFoldersPage, type AllFoldersProgress } from '@pigeon/shared';
import { currentAccount } from '../../api/account';
import { request } from '../../api/http';
import { progressLines } from '../../api/progress-lines';

export const searchApi = {
  /**
   * One page of a search in every folder, newest first; `cursor` continues the previous page. The server says which
   * folder of how many it is searching as it goes (JSON lines, decision 038): each goes to `onProgress`.
   */
  allFolders: (
    query: Record<string, string>,
    cursor: string | null,
    signal?: AbortSignal,
    onProgress: (progress: AllFoldersProgress) => void = () => {},
  ) =>
    request<AllFoldersPage>(apiRoutes.searchAll(currentAccount(), cursor ? { ...query, cursor } : query), {
      signal,
      ...progressLines<AllFoldersPage, AllFoldersProgress>(onProgress),
    }),
};
