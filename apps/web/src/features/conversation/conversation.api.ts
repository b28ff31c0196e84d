import type { ConversationDetail } from '@pigeon/shared';
import { accountRoutes } from '../../api/account';
import { request } from '../../api/http';

export const conversationApi = {
  /** every message of conversation `id` (its oldest UID in `path`), oldest first, the user's replies included */
  get: (path: string, id: number, signal?: AbortSignal) =>
    request<ConversationDetail>(accountRoutes.conversation(path, id), { signal }),
};
