import { PAGE_SIZE } from '@pigeon/shared';
import { accountRoutes, currentAccount } from '../../api/account';
import { orFromDevice } from '../offline/offline';
import type {
  ConversationActionBody,
  ConversationPage,
  ConversationSummary,
  ListProgress,
  MessageActionBody,
  MessageActionResult,
  MessageDetail,
  MessagePage,
} from '@pigeon/shared';
import { request } from '../../api/http';
import { progressLines } from '../../api/progress-lines';
import { defQuery, isFolderList, type ListDef } from './list-def';

/** A page of a list: a conversation list also carries each row's conversation (its newest message is the row). */
export type ListPage = MessagePage & { conversations?: ConversationSummary[] };

export interface MessageApi {
  /**
   * one page of the list `def` defines; `before` is the previous page's `nextBefore`. A sort Pigeon does itself (the
   * server has no SORT) tells how far it is to `onProgress` (decision 048 part 4)
   */
  listMessages(
    def: ListDef,
    before?: number,
    signal?: AbortSignal,
    onProgress?: (progress: ListProgress) => void,
  ): Promise<ListPage>;
  /** the reader's view of a message; changes no flag (marking read is a `runAction`) */
  getMessage(path: string, uid: number, signal?: AbortSignal): Promise<MessageDetail>;
  runAction(path: string, body: MessageActionBody): Promise<MessageActionResult>;
  /** the action on every message of conversation `id` (its oldest UID) in `path` */
  runConversationAction(path: string, id: number, body: ConversationActionBody): Promise<MessageActionResult>;
}

async function conversationPage(def: ListDef, before?: number, signal?: AbortSignal): Promise<ListPage> {
  const page = await request<ConversationPage>(accountRoutes.conversations(def.path), {
    query: { before, limit: PAGE_SIZE },
    signal,
  });
  return { ...page, messages: page.conversations.map((c) => c.latest) };
}

/** Offline, a folder (newest first) and its messages come from the device's copy when it keeps them. */
export const messageApi: MessageApi = {
  listMessages: (def, before, signal, onProgress) =>
    orFromDevice(
      () =>
        def.conversations
          ? conversationPage(def, before, signal)
          : request<MessagePage>(accountRoutes.messages(def.path), {
              query: { ...defQuery(def), before, limit: PAGE_SIZE },
              signal,
              ...(onProgress && def.sort !== 'date' ? progressLines<MessagePage, ListProgress>(onProgress) : {}),
            }),
      async (device) => (isFolderList(def) ? device.page(currentAccount(), def.path, before, PAGE_SIZE) : undefined),
    ),
  getMessage: (path, uid, signal) =>
    orFromDevice(
      () => request<MessageDetail>(accountRoutes.message(path, uid), { signal }),
      (device) => device.detail(currentAccount(), path, uid),
    ),
  runAction: (path, body) => request<MessageActionResult>(accountRoutes.actions(path), { method: 'POST', body }),
  runConversationAction: (path, id, body) =>
    request<MessageActionResult>(accountRoutes.conversationActions(path, id), { method: 'POST', body }),
};
