import { ApiError } from '../api/http';
import { formatWait } from '../ui/format';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

/** The sentence a person reads for any failure: the server's stable code mapped to the current language. */
export function errorText(error: unknown, t: Translate, te: Has, locale: string): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  const { code, details } = error;
  if (code === 'auth.rate_limited') {
    const wait = Number(details.retryAfterSeconds ?? details.retryAfter ?? error.retryAfter);
    return Number.isFinite(wait) && wait > 0
      ? t('errors.auth.rate_limited', { wait: formatWait(wait, locale) })
      : t('errors.auth.rate_limited_soon');
  }
  if (code === 'mail.server_unreachable') return unreachableText(details, error.message, t);
  if (code === 'auth.provider_requires_app_password') {
    const provider = details.provider === 'google' || details.provider === 'microsoft' ? details.provider : null;
    if (provider)
      return t('errors.auth.provider_requires_app_password_named', { provider: t(`signIn.provider.${provider}`) });
  }
  if (code === 'mail.server_not_allowed') {
    if (details.pinned === true) return t('errors.mail.server_pinned');
    if (typeof details.server === 'string')
      return t('errors.mail.server_not_allowed_named', { server: details.server });
  }
  const key = `errors.${code}`;
  if (te(key)) return t(key);
  return error.status >= 500 ? t('errors.internal.error') : t('errors.unknown');
}

/** A failure stored with a code and the mail server's own words (an outbox row): the translation, then the words. */
export function failureText(failure: { code: string; message: string }, t: Translate, te: Has): string {
  if (failure.code === 'mail.server_unreachable') return unreachableText({}, failure.message, t);
  const key = `errors.${failure.code}`;
  const said = failure.message.trim();
  if (!te(key)) return said || t('errors.unknown');
  return said ? `${t(key)} ${said}` : t(key);
}

// the named sentence only with a name: without one it would read "the mail server . Check…"
function unreachableText(details: Record<string, unknown>, message: string, t: Translate): string {
  const server = typeof details.server === 'string' ? details.server.trim() : '';
  if (server) return t('errors.mail.server_unreachable', { server });
  const said = message.trim();
  return said
    ? `${t('errors.mail.server_unreachable_unnamed')} (${said})`
    : t('errors.mail.server_unreachable_unnamed');
}
