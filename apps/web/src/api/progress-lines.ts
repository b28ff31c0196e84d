import { SEARCH_PROGRESS_TYPE } from '@pigeon/shared';

/**
 * The `accept` and `read` of a request whose answer may come as JSON lines with progress (decisions 038, 048): the
 * server answers the lines only when it has progress to tell, else the plain JSON. The line reader loads with the
 * first such answer, not with the app (first-visit budget).
 */
export function progressLines<T, P>(onProgress: (progress: P) => void) {
  return {
    accept: SEARCH_PROGRESS_TYPE,
    read: (res: Response): Promise<unknown> => {
      const body = res.body;
      if (!body || !(res.headers.get('content-type') ?? '').includes(SEARCH_PROGRESS_TYPE)) return res.json();
      return import('./json-lines').then(({ readLines }) => readLines<T, P>(body, onProgress));
    },
  };
}
