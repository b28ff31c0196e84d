import { apiRoutes, PAGE_SIZE } from '@pigeon/shared';
import type { MessageActionBody, MessageActionResult, MessageDetail, MessagePage } from '@pigeon/shared';
import { request } from '../../api/http';

export interface MessageApi {
  /** newest first; `before` is the previous page's `nextBefore` */
  listMessages(path: string, before?: number): Promise<MessagePage>;
  /** the reader's view of a message; changes no flag (marking read is a `runAction`) */
  getMessage(path: string, uid: number, signal?: AbortSignal): Promise<MessageDetail>;
  runAction(path: string, body: MessageActionBody): Promise<MessageActionResult>;
}

export const messageApi: MessageApi = {
  listMessages: (path, before) =>
    request<MessagePage>(apiRoutes.messages(path), { query: { before, limit: PAGE_SIZE } }),
  getMessage: (path, uid, signal) => request<MessageDetail>(apiRoutes.message(path, uid), { signal }),
  runAction: (path, body) => request<MessageActionResult>(apiRoutes.actions(path), { method: 'POST', body }),
};
