import { apiRoutes } from '@pigeon/shared';

let current = '';

/** The account the app shows (the primary one, from the session; decision 018). */
export function setCurrentAccount(accountId: string | null): void {
  current = accountId ?? '';
}

export const currentAccount = (): string => current;

/** Whether a realtime event (every event names its account) is about the account the app shows. */
export const isCurrentAccount = (event: { accountId: string }): boolean => event.accountId === current;

/** The mail routes of `apiRoutes`, for the account the app shows. */
export const accountRoutes = {
  mailboxes: () => apiRoutes.mailboxes(current),
  mailbox: (path: string) => apiRoutes.mailbox(current, path),
  mailboxSubscription: (path: string) => apiRoutes.mailboxSubscription(current, path),
  mailboxEmpty: (path: string) => apiRoutes.mailboxEmpty(current, path),
  mailboxMarkAllRead: (path: string) => apiRoutes.mailboxMarkAllRead(current, path),
  messages: (path: string) => apiRoutes.messages(current, path),
  changes: (path: string) => apiRoutes.changes(current, path),
  message: (path: string, uid: number) => apiRoutes.message(current, path, uid),
  messageBody: (path: string, uid: number, remote = false) => apiRoutes.messageBody(current, path, uid, remote),
  attachment: (path: string, uid: number, id: string) => apiRoutes.attachment(current, path, uid, id),
  attachedMessage: (path: string, uid: number, id: string) => apiRoutes.attachedMessage(current, path, uid, id),
  raw: (path: string, uid: number, view = false) => apiRoutes.raw(current, path, uid, view),
  actions: (path: string) => apiRoutes.actions(current, path),
  conversations: (path: string) => apiRoutes.conversations(current, path),
  conversation: (path: string, id: number) => apiRoutes.conversation(current, path, id),
  conversationActions: (path: string, id: number) => apiRoutes.conversationActions(current, path, id),
};
