import { apiRoutes, PAGE_SIZE } from '@pigeon/shared';
import type { MessageActionBody, MessageActionResult, MessageDetail, MessagePage } from '@pigeon/shared';
import { request } from '../../api/http';
import { defQuery, type ListDef } from './list-def';

export interface MessageApi {
  /** one page of the list `def` defines; `before` is the previous page's `nextBefore` */
  listMessages(def: ListDef, before?: number, signal?: AbortSignal): Promise<MessagePage>;
  /** the reader's view of a message; changes no flag (marking read is a `runAction`) */
  getMessage(path: string, uid: number, signal?: AbortSignal): Promise<MessageDetail>;
  runAction(path: string, body: MessageActionBody): Promise<MessageActionResult>;
}

export const messageApi: MessageApi = {
  listMessages: (def, before, signal) =>
    request<MessagePage>(apiRoutes.messages(def.path), {
      query: { ...defQuery(def), before, limit: PAGE_SIZE },
      signal,
    }),
  getMessage: (path, uid, signal) => request<MessageDetail>(apiRoutes.message(path, uid), { signal }),
  runAction: (path, body) => request<MessageActionResult>(apiRoutes.actions(path), { method: 'POST', body }),
};
