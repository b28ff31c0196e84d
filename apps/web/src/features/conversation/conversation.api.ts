import { apiRoutes, type ConversationDetail } from '@pigeon/shared';
import { request } from '../../api/http';

export const conversationApi = {
  /** every message of conversation `id` (its oldest UID in `path`), oldest first, the user's replies included */
  get: (path: string, id: number, signal?: AbortSignal) =>
    request<ConversationDetail>(apiRoutes.conversation(path, id), { signal }),
};
