/**
 * URL of every HTTP route, written once; `path` segments are encodeURIComponent'ed IMAP paths. Mail routes live under
 * the account they read (`/api/accounts/:accountId/...`, decision 018).
 */
const inAccount = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}`;
const box = (accountId: string, path: string) => `${inAccount(accountId)}/mailboxes/${encodeURIComponent(path)}`;
const AUTOCONFIG = '/api/autoconfig';

/** Most messages one .eml zip download may hold (here, beside its URL, so the web reads it without the schemas). */
export const EXPORT_MAX_MESSAGES = 500;

export const apiRoutes = {
  csrf: '/api/auth/csrf',
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  session: '/api/auth/session',
  /** the route's path; the URL to call is `autoconfig(email)` */
  autoconfigPath: AUTOCONFIG,
  /** GET: what discovery finds for the address (AutoconfigResult), without signing in */
  autoconfig: (email: string) => `${AUTOCONFIG}?email=${encodeURIComponent(email)}`,
  /** GET: every folder; POST: create one (CreateFolderBody) */
  mailboxes: (accountId: string) => `${inAccount(accountId)}/mailboxes`,
  /** PATCH: rename/move (UpdateFolderBody); DELETE: delete it and its subfolders */
  mailbox: (accountId: string, path: string) => box(accountId, path),
  /** PUT { subscribed } */
  mailboxSubscription: (accountId: string, path: string) => `${box(accountId, path)}/subscription`,
  /** POST: delete every message (Trash and Junk only) */
  mailboxEmpty: (accountId: string, path: string) => `${box(accountId, path)}/empty`,
  /** POST: mark every message read */
  mailboxMarkAllRead: (accountId: string, path: string) => `${box(accountId, path)}/mark-all-read`,
  /** GET: a page of the folder's list (MessageListQuery: sort, search, quick filters) */
  messages: (accountId: string, path: string) => `${box(accountId, path)}/messages`,
  /** `?since=<syncToken>`: added, changed and removed messages since that state */
  changes: (accountId: string, path: string) => `${box(accountId, path)}/changes`,
  message: (accountId: string, path: string, uid: number) => `${box(accountId, path)}/messages/${uid}`,
  messageBody: (accountId: string, path: string, uid: number, remote = false) =>
    `${box(accountId, path)}/messages/${uid}/body${remote ? '?remote=true' : ''}`,
  attachment: (accountId: string, path: string, uid: number, id: string) =>
    `${box(accountId, path)}/messages/${uid}/attachments/${encodeURIComponent(id)}`,
  /** GET: an attached message (message/rfc822 attachment) as a sanitized HTML document for a frame */
  attachedMessage: (accountId: string, path: string, uid: number, id: string) =>
    `${box(accountId, path)}/messages/${uid}/attachments/${encodeURIComponent(id)}/message`,
  /** the message as .eml; `?view=true` shows the source as text/plain instead of downloading */
  raw: (accountId: string, path: string, uid: number, view = false) =>
    `${box(accountId, path)}/messages/${uid}/raw${view ? '?view=true' : ''}`,
  actions: (accountId: string, path: string) => `${box(accountId, path)}/messages/actions`,
  /** GET: the folder's conversations, newest first (ConversationPage) */
  conversations: (accountId: string, path: string) => `${box(accountId, path)}/conversations`,
  /** GET: every message of one conversation, oldest first, replies from Sent included */
  conversation: (accountId: string, path: string, id: number) => `${box(accountId, path)}/conversations/${id}`,
  /** POST: an action on every message of the conversation in that folder */
  conversationActions: (accountId: string, path: string, id: number) =>
    `${box(accountId, path)}/conversations/${id}/actions`,
  /** GET: these messages as .eml files in one zip (at most EXPORT_MAX_MESSAGES / EXPORT_MAX_BYTES) */
  exportEml: (accountId: string, path: string, uids: readonly number[]) =>
    `${box(accountId, path)}/messages/export?uids=${uids.join(',')}`,
  /** GET: a printable page of the message (sanitized body, headers; remote content only with `remote`) */
  print: (accountId: string, path: string, uid: number, opts: { remote?: boolean; lang?: string } = {}) =>
    `${box(accountId, path)}/messages/${uid}/print?lang=${encodeURIComponent(opts.lang ?? 'en')}${opts.remote ? '&remote=true' : ''}`,
  /** GET: the storage quota (QuotaAnswer) */
  quota: '/api/quota',
  /** GET: every folder's size (FolderSizes) */
  folderSizes: '/api/capacity/folders',
  /** the route's path; the URL to call is `largest(query)` */
  largestPath: '/api/capacity/largest',
  /** GET: the largest messages of one folder or all (LargestMessages) */
  largest: (q: { path?: string; by?: 'size' | 'attachments'; limit?: number } = {}) => {
    const params = new URLSearchParams();
    if (q.path) params.set('path', q.path);
    if (q.by) params.set('by', q.by);
    if (q.limit) params.set('limit', String(q.limit));
    const qs = params.toString();
    return `/api/capacity/largest${qs ? `?${qs}` : ''}`;
  },
  composeAttachments: '/api/compose/attachments',
  composeAttachment: (id: string) => `/api/compose/attachments/${encodeURIComponent(id)}`,
  composePrefill: '/api/compose/prefill',
  composeLimits: '/api/compose/limits',
  drafts: '/api/drafts',
  /** POST { path, uid }: the draft with this uid in `path` (Drafts), as a ComposeDraft to continue */
  draftOpen: '/api/drafts/open',
  draftById: (draftId: string) => `/api/drafts/${encodeURIComponent(draftId)}`,
  outbox: '/api/outbox',
  outboxItem: (id: string) => `/api/outbox/${encodeURIComponent(id)}`,
  identities: '/api/settings/identities',
  identity: (id: string) => `/api/settings/identities/${encodeURIComponent(id)}`,
  /** GET: the user's preferences; PATCH: change some */
  preferences: '/api/settings/preferences',
  contacts: '/api/contacts',
  /** GET: the user's mail accounts, the primary first */
  accounts: '/api/accounts',
  /** GET: the user's signed-in devices (sessions) */
  devices: '/api/devices',
  /** DELETE: sign that device out */
  device: (id: string) => `/api/devices/${encodeURIComponent(id)}`,
  /** POST: sign out every device but this one */
  devicesSignOutOthers: '/api/devices/sign-out-others',
  /** GET: web push on this server and this device (decision 027) */
  push: '/api/push',
  /** PUT: subscribe this device (or change its choices); DELETE: unsubscribe it */
  pushSubscription: '/api/push/subscription',
} as const;
