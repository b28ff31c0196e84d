import { apiRoutes, type PrintOptions } from '@pigeon/shared';

let current = '';
let primary = '';

/** The signed-in user's primary account (from the session): the app shows it unless another is chosen. */
export function setCurrentAccount(accountId: string | null): void {
  current = accountId ?? '';
  primary = current;
}

/** Shows another of the user's accounts (the switcher, an account URL; decision 034); false when it already was. */
export function showAccount(accountId: string): boolean {
  if (accountId === current) return false;
  current = accountId;
  return true;
}

export const currentAccount = (): string => current;
/** The route params naming the account shown: none for the primary one (its mail stays at `/mail/...`). */
export const accountParams = (): { account?: string } => (current && current !== primary ? { account: current } : {});
export const primaryAccount = (): string => primary;

/** Whether a realtime event (every event names its account) is about the account the app shows. */
export const isCurrentAccount = (event: { accountId: string }): boolean => event.accountId === current;

/** The account routes of `apiRoutes` (mail, compose, drafts, outbox, capacity), for the account the app shows. */
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
  print: (path: string, uid: number, opts: PrintOptions = {}) => apiRoutes.print(current, path, uid, opts),
  conversationPrint: (path: string, id: number, opts: PrintOptions = {}) =>
    apiRoutes.conversationPrint(current, path, id, opts),
  actions: (path: string) => apiRoutes.actions(current, path),
  conversations: (path: string) => apiRoutes.conversations(current, path),
  conversation: (path: string, id: number) => apiRoutes.conversation(current, path, id),
  conversationActions: (path: string, id: number) => apiRoutes.conversationActions(current, path, id),
  composeAttachments: () => apiRoutes.composeAttachments(current),
  composeAttachment: (id: string) => apiRoutes.composeAttachment(current, id),
  composePrefill: () => apiRoutes.composePrefill(current),
  composeLimits: () => apiRoutes.composeLimits(current),
  drafts: () => apiRoutes.drafts(current),
  draftOpen: () => apiRoutes.draftOpen(current),
  draftById: (draftId: string) => apiRoutes.draftById(current, draftId),
  outbox: () => apiRoutes.outbox(current),
  outboxItem: (id: string) => apiRoutes.outboxItem(current, id),
  quota: () => apiRoutes.quota(current),
  folderSizes: () => apiRoutes.folderSizes(current),
  largest: (q: Parameters<typeof apiRoutes.largest>[1]) => apiRoutes.largest(current, q),
};
