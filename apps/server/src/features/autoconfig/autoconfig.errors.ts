import type { MailProvider } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';
import { describeEndpoint, type ServerEndpoint } from './server-url.ts';

const PROVIDER_NAMES: Record<MailProvider, string> = { google: 'Google Workspace', microsoft: 'Microsoft 365' };

/** The autoconfig feature's errors, each with its stable code. */
export const autoconfigErrors = {
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      429,
      'autoconfig.rate_limited',
      `Too many server look-ups. Try again in ${retryAfterSeconds} seconds.`,
      { details: { retryAfterSeconds }, headers: { 'retry-after': String(retryAfterSeconds) } },
    ),
  invalidEmail: () => new AppError(400, 'validation.invalid_email', 'Enter a valid email address.', { field: 'email' }),
  domainNotAllowed: (domain: string) =>
    new AppError(403, 'auth.domain_not_allowed', `Addresses at ${domain} cannot sign in to this server.`, {
      field: 'email',
      details: { domain },
    }),
  /** `credentialRejected`: the provider's server refused this password (a guess that counts against the limits) */
  providerRequiresAppPassword: (provider: MailProvider, credentialRejected = false) =>
    new AppError(
      401,
      'auth.provider_requires_app_password',
      `${PROVIDER_NAMES[provider]} does not accept your account password here. Create an app password in your account's security settings and sign in with it (or ask your administrator to set up OAuth).`,
      { details: credentialRejected ? { provider, credentialRejected } : { provider } },
    ),
  serverNotAllowed: (host: string) =>
    new AppError(403, 'mail.server_not_allowed', `This server is not allowed to contact the mail server ${host}.`, {
      details: { server: host },
    }),
  /** manual servers for a domain whose servers the admin set (MAIL_DOMAINS or MAIL_IMAP_URL) */
  serverPinned: (host: string) =>
    new AppError(
      403,
      'mail.server_not_allowed',
      `The administrator set the mail servers for this address; ${host} cannot be used instead.`,
      { details: { server: host, pinned: true } },
    ),
  serverUnknown: (e: ServerEndpoint) =>
    new AppError(502, 'mail.server_unreachable', `The mail server ${e.host} has no address.`, {
      details: { server: describeEndpoint(e) },
    }),
  oneIncomingServer: () =>
    new AppError(400, 'validation.invalid', 'Give one incoming server: IMAP or POP3.', { field: 'servers.protocol' }),
  invalidServer: (field: string) =>
    new AppError(400, 'validation.invalid', 'Enter a server name such as imap.example.com, or an IP address.', {
      field,
    }),
  loginNotForAddress: () =>
    new AppError(400, 'validation.invalid', 'The username must be your email address or the part before the @.', {
      field: 'servers.login',
    }),
};
