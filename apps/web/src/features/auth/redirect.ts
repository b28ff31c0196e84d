export const HOME_PATH = '/mail/INBOX';

/** Where to go after sign-in: the wanted app path, never another origin (`//evil`) or a non-path. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : HOME_PATH;
}
