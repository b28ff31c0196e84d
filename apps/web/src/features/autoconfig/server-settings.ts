import { loginFitsAddress, type AutoconfigResult, type SignInServers } from '@pigeon/shared';

// "Advanced settings" of the sign-in page: the form, its inline validation and the sign-in body it becomes.

export type Security = 'tls' | 'starttls';
/** the incoming server's protocol (`account-protocol`): IMAP unless the user chooses POP3 */
export type IncomingProtocol = 'imap' | 'pop3';

export interface ServerForm {
  protocol: IncomingProtocol;
  /** the incoming server (IMAP or POP3, per `protocol`); the field names keep the page's test hooks */
  imapHost: string;
  imapPort: string;
  imapSecurity: Security;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: Security;
  /** empty = the email address */
  username: string;
}

export type ServerField = keyof ServerForm;
/** i18n keys of the inline messages, per field */
export type ServerFormErrors = Partial<Record<ServerField, string>>;

export const DEFAULT_PORTS = {
  imap: { tls: 993, starttls: 143 },
  pop3: { tls: 995, starttls: 110 },
  smtp: { tls: 465, starttls: 587 },
} as const;

export const emptyServerForm = (): ServerForm => ({
  protocol: 'imap',
  imapHost: '',
  imapPort: String(DEFAULT_PORTS.imap.tls),
  imapSecurity: 'tls',
  smtpHost: '',
  smtpPort: String(DEFAULT_PORTS.smtp.tls),
  smtpSecurity: 'tls',
  username: '',
});

/** The form filled with what discovery found, so the user sees (and may correct) what would be used. */
export function serverFormFrom(result: AutoconfigResult | null): ServerForm {
  const form = emptyServerForm();
  const imap = result?.incoming;
  const smtp = result?.outgoing;
  // an unencrypted admin server cannot be typed in: the user would have to choose an encryption anyway
  const security = (s: 'tls' | 'starttls' | 'none'): Security => (s === 'tls' ? 'tls' : 'starttls');
  if (result?.protocol === 'pop3') form.protocol = 'pop3';
  if (imap)
    Object.assign(form, { imapHost: imap.host, imapPort: String(imap.port), imapSecurity: security(imap.security) });
  if (smtp)
    Object.assign(form, { smtpHost: smtp.host, smtpPort: String(smtp.port), smtpSecurity: security(smtp.security) });
  if (imap && result && imap.username.toLowerCase() !== result.email.toLowerCase()) form.username = imap.username;
  return form;
}

/** The port after a change of security: a port left at the other mode's default follows; a typed one stays. */
export function portAfterSecurityChange(kind: keyof typeof DEFAULT_PORTS, security: Security, port: string): string {
  const other: Security = security === 'tls' ? 'starttls' : 'tls';
  const defaults = DEFAULT_PORTS[kind];
  return port.trim() === '' || port.trim() === String(defaults[other]) ? String(defaults[security]) : port;
}

/** The incoming port after a change of protocol: a port left at the old protocol's default follows; a typed one stays. */
export function portAfterProtocolChange(
  from: IncomingProtocol,
  to: IncomingProtocol,
  security: Security,
  port: string,
) {
  return port.trim() === '' || port.trim() === String(DEFAULT_PORTS[from][security])
    ? String(DEFAULT_PORTS[to][security])
    : port;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i;
const IPV6 = /^\[?[0-9a-f:.]*:[0-9a-f:.]*\]?$/i;

export const isHost = (value: string): boolean => HOST_NAME.test(value.trim()) || IPV6.test(value.trim());

export function isPort(value: string): boolean {
  const v = value.trim();
  return /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
}

/** Inline messages for every field that is wrong; empty when the form can be sent. */
export function validateServerForm(form: ServerForm, email: string): ServerFormErrors {
  const errors: ServerFormErrors = {};
  for (const kind of ['imap', 'smtp'] as const) {
    const host = form[`${kind}Host`].trim();
    if (!host) errors[`${kind}Host`] = 'errors.validation.required';
    else if (!isHost(host)) errors[`${kind}Host`] = 'signIn.advanced.invalidHost';
    if (!form[`${kind}Port`].trim()) errors[`${kind}Port`] = 'errors.validation.required';
    else if (!isPort(form[`${kind}Port`])) errors[`${kind}Port`] = 'signIn.advanced.invalidPort';
  }
  if (form.username.trim() && !loginFitsAddress(form.username, email))
    errors.username = 'signIn.advanced.invalidUsername';
  return errors;
}

/** The `servers` of the sign-in body (call after validateServerForm found nothing). */
export function toSignInServers(form: ServerForm): SignInServers {
  const server = (host: string, port: string, tls: Security) => ({
    host: host.trim().replace(/^\[(.*)\]$/, '$1'),
    port: Number(port.trim()),
    tls,
  });
  const incoming = server(form.imapHost, form.imapPort, form.imapSecurity);
  return {
    ...(form.protocol === 'pop3' ? { pop3: incoming } : { imap: incoming }),
    smtp: server(form.smtpHost, form.smtpPort, form.smtpSecurity),
    ...(form.username.trim() ? { login: form.username.trim() } : {}),
  };
}

/** Which field a server-side validation error names (`servers.imap.host`, `servers.login`), if any. */
export function serverFieldOf(field: string | undefined): ServerField | null {
  const map: Record<string, ServerField> = {
    'servers.imap.host': 'imapHost',
    'servers.imap.port': 'imapPort',
    'servers.pop3.host': 'imapHost',
    'servers.pop3.port': 'imapPort',
    'servers.smtp.host': 'smtpHost',
    'servers.smtp.port': 'smtpPort',
    'servers.login': 'username',
  };
  return (field && map[field]) || null;
}
