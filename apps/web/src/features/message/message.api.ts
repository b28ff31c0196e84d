import { apiRoutes, PAGE_SIZE } from '@pigeon/shared';
import type { MessageActionBody, MessageActionResult, MessageDetail, MessagePage } from '@pigeon/shared';
import { request } from '../../api/http';

export interface MessageApi {
  /** newest first; `before` is the previous page's `nextBefore` */
  listMessages(path: string, before?: number): Promise<MessagePage>;
  /** the server marks the message read when it answers */
  getMessage(path: string, uid: number): Promise<MessageDetail>;
  runAction(path: string, body: MessageActionBody): Promise<MessageActionResult>;
}

export const messageApi: MessageApi = {
  listMessages: (path, before) =>
    request<MessagePage>(apiRoutes.messages(path), { query: { before, limit: PAGE_SIZE } }),
  getMessage: (path, uid) => request<MessageDetail>(apiRoutes.message(path, uid)),
  runAction: (path, body) => request<MessageActionResult>(apiRoutes.actions(path), { method: 'POST', body }),
};
