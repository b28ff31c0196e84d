/**
 * URL of every HTTP route, written once; `path` segments are encodeURIComponent'ed IMAP paths. Mail routes live under
 * the account they read (`/api/accounts/:accountId/...`, decision 018).
 */
const inAccount = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}`;
const box = (accountId: string, path: string) => `${inAccount(accountId)}/mailboxes/${encodeURIComponent(path)}`;
const AUTOCONFIG = '/api/autoconfig';

/** Most messages one .eml zip download may hold (here, beside its URL, so the web reads it without the schemas). */
export const EXPORT_MAX_MESSAGES = 500;
/** Most folders one .eml zip of a selection across folders may read. */
export const EXPORT_MAX_FOLDERS = 50;

/** The media type of an all-folders search answered line by line, with progress (AllFoldersLine, decision 038). */
export const SEARCH_PROGRESS_TYPE = 'application/x-ndjson';

/** How a print view is asked for: its labels' language, the reader's time zone, remote content. */
export interface PrintOptions {
  remote?: boolean;
  lang?: string;
  tz?: string;
}
const printParams = (opts: PrintOptions): string => {
  const params = new URLSearchParams({ lang: opts.lang ?? 'en' });
  if (opts.tz) params.set('tz', opts.tz);
  if (opts.remote) params.set('remote', 'true');
  return params.toString();
};

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
  /** GET: a search in every folder, merged by date (AllFoldersQuery → AllFoldersPage) */
  searchAll: (accountId: string, query: Record<string, string>) =>
    `${inAccount(accountId)}/search?${new URLSearchParams(query).toString()}`,
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
  /** GET: messages of several folders as .eml files in one zip, a folder inside it per folder (ExportAcrossQuery) */
  exportEmlAcross: (accountId: string, folders: readonly (readonly [string, readonly number[]])[]) =>
    `${inAccount(accountId)}/messages/export?${new URLSearchParams(folders.map(([path, uids]): [string, string] => ['f', `${uids.join(',')}:${path}`])).toString()}`,
  /** GET: a printable page of the message (sanitized body, headers; remote content only with `remote`) */
  print: (accountId: string, path: string, uid: number, opts: PrintOptions = {}) =>
    `${box(accountId, path)}/messages/${uid}/print?${printParams(opts)}`,
  /** GET: a printable page of a whole conversation (every message oldest first, each with its headers) */
  conversationPrint: (accountId: string, path: string, id: number, opts: PrintOptions = {}) =>
    `${box(accountId, path)}/conversations/${id}/print?${printParams(opts)}`,
  /** GET: a POP3 account's options and check status (Pop3Status); PATCH: its options (Pop3OptionsPatch) */
  pop3: (accountId: string) => `${inAccount(accountId)}/pop3`,
  /** POST: check the POP3 account's server now (202; progress arrives as pop3.checkProgressed) */
  pop3Check: (accountId: string) => `${inAccount(accountId)}/pop3/check`,
  /** GET: the account's storage quota (QuotaAnswer) */
  quota: (accountId: string) => `${inAccount(accountId)}/quota`,
  /** GET: every folder's size (FolderSizes) */
  folderSizes: (accountId: string) => `${inAccount(accountId)}/capacity/folders`,
  /** GET: the largest messages of one folder or all (LargestMessages) */
  largest: (accountId: string, q: { path?: string; by?: 'size' | 'attachments'; limit?: number } = {}) => {
    const params = new URLSearchParams();
    if (q.path) params.set('path', q.path);
    if (q.by) params.set('by', q.by);
    if (q.limit) params.set('limit', String(q.limit));
    const qs = params.toString();
    return `${inAccount(accountId)}/capacity/largest${qs ? `?${qs}` : ''}`;
  },
  /** POST: upload a file for a message sent from this account (its raw bytes; name in x-filename) */
  composeAttachments: (accountId: string) => `${inAccount(accountId)}/compose/attachments`,
  /** GET: an upload or a file of this account's message (`m.`/`d.` ids); DELETE: drop an upload */
  composeAttachment: (accountId: string, id: string) =>
    `${inAccount(accountId)}/compose/attachments/${encodeURIComponent(id)}`,
  composePrefill: (accountId: string) => `${inAccount(accountId)}/compose/prefill`,
  /** GET: what this account's servers accept (ComposeLimits) */
  composeLimits: (accountId: string) => `${inAccount(accountId)}/compose/limits`,
  /** POST: save a draft in this account's Drafts */
  drafts: (accountId: string) => `${inAccount(accountId)}/drafts`,
  /** POST { path, uid }: the draft with this uid in `path` (Drafts), as a ComposeDraft to continue */
  draftOpen: (accountId: string) => `${inAccount(accountId)}/drafts/open`,
  draftById: (accountId: string, draftId: string) => `${inAccount(accountId)}/drafts/${encodeURIComponent(draftId)}`,
  /** POST: send from this account; GET: its unfinished, failed and just-sent messages */
  outbox: (accountId: string) => `${inAccount(accountId)}/outbox`,
  outboxItem: (accountId: string, id: string) => `${inAccount(accountId)}/outbox/${encodeURIComponent(id)}`,
  identities: '/api/settings/identities',
  identity: (id: string) => `/api/settings/identities/${encodeURIComponent(id)}`,
  /** GET: the user's preferences; PATCH: change some */
  preferences: '/api/settings/preferences',
  /** GET: the user's address suggestions, from every account (the person's, like identities: decision 018) */
  contacts: '/api/contacts',
  /** GET: the user's mail accounts, the primary first; POST: add one (decision 034) */
  accounts: '/api/accounts',
  /** DELETE: remove an added account (never the primary one) */
  account: (accountId: string) => inAccount(accountId),
  /** GET: each account's Inbox counts, for the account switcher */
  accountCounts: '/api/accounts/counts',
  /** GET: every account's Inbox merged by date (`cursor`: the previous page's `nextCursor`) */
  unifiedInbox: (q: { cursor?: string; limit?: number } = {}) => {
    const query = new URLSearchParams();
    if (q.cursor) query.set('cursor', q.cursor);
    if (q.limit) query.set('limit', String(q.limit));
    const s = query.toString();
    return `/api/unified/inbox${s ? `?${s}` : ''}`;
  },
  /** GET: the user's signed-in devices (sessions) */
  devices: '/api/devices',
  /** DELETE: sign that device out */
  device: (id: string) => `/api/devices/${encodeURIComponent(id)}`,
  /** POST: sign out every device but this one */
  devicesSignOutOthers: '/api/devices/sign-out-others',
  /** GET: web push on this server and this device (decision 027); the device's, so not under an account */
  push: '/api/push',
  /** PUT: subscribe this device (or change its choices); DELETE: unsubscribe it */
  pushSubscription: '/api/push/subscription',
} as const;
