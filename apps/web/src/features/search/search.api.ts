import { apiRoutes, SEARCH_PROGRESS_TYPE, type AllFoldersPage, type AllFoldersProgress } from '@pigeon/shared';
import { currentAccount } from '../../api/account';
import { request } from '../../api/http';

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
      accept: SEARCH_PROGRESS_TYPE,
      read: (res) => {
        const body = res.body;
        if (!body || !(res.headers.get('content-type') ?? '').includes(SEARCH_PROGRESS_TYPE)) return res.json();
        // the line reader loads with the first all-folders search, not with the app (first visit budget)
        return import('../../api/json-lines').then(({ readLines }) =>
          readLines<AllFoldersPage, AllFoldersProgress>(body, onProgress),
        );
      },
    }),
};
