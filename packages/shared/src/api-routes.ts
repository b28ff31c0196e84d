/** URL of every HTTP route, written once; `path` segments are encodeURIComponent'ed IMAP paths. */
const box = (path: string) => `/api/mailboxes/${encodeURIComponent(path)}`;

export const apiRoutes = {
  csrf: '/api/auth/csrf',
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  session: '/api/auth/session',
  mailboxes: '/api/mailboxes',
  messages: (path: string) => `${box(path)}/messages`,
  message: (path: string, uid: number) => `${box(path)}/messages/${uid}`,
  messageBody: (path: string, uid: number, remote = false) =>
    `${box(path)}/messages/${uid}/body${remote ? '?remote=true' : ''}`,
  attachment: (path: string, uid: number, id: string) =>
    `${box(path)}/messages/${uid}/attachments/${encodeURIComponent(id)}`,
  /** the message as .eml; `?view=true` shows the source as text/plain instead of downloading */
  raw: (path: string, uid: number, view = false) => `${box(path)}/messages/${uid}/raw${view ? '?view=true' : ''}`,
  actions: (path: string) => `${box(path)}/messages/actions`,
} as const;
