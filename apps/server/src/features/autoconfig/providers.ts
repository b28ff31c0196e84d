import { getDomain } from 'tldts';
import type { MailProvider } from '@pigeon/shared';
import type { ServerEndpoint } from './server-url.ts';

// registered domains of the providers' MX and mail hosts (aspmx.l.google.com, x.mail.protection.outlook.com, ...)
const PROVIDER_DOMAINS: Record<string, MailProvider> = {
  'google.com': 'google',
  'googlemail.com': 'google',
  'gmail.com': 'google',
  'outlook.com': 'microsoft',
  'office365.com': 'microsoft',
  'hotmail.com': 'microsoft',
  'live.com': 'microsoft',
};

/** Their well-known servers, used when the MX names the provider but no config answered. */
export const PROVIDER_SERVERS: Record<MailProvider, { imap: ServerEndpoint; smtp: ServerEndpoint }> = {
  google: {
    imap: { host: 'imap.gmail.com', port: 993, tls: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, tls: 'tls' },
  },
  microsoft: {
    imap: { host: 'outlook.office365.com', port: 993, tls: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, tls: 'starttls' },
  },
};

/** The registrable domain of a host name (mx1.mail.school.ac.kr -> school.ac.kr), or null for an IP or a bare suffix. */
export const registeredDomain = (host: string): string | null =>
  getDomain(host.toLowerCase().replace(/\.$/, ''), { allowPrivateDomains: false });

/** Google Workspace / Microsoft 365 recognised from an MX or server host name; null for anyone else. */
export function providerOfHost(host: string): MailProvider | null {
  const domain = registeredDomain(host);
  return (domain && PROVIDER_DOMAINS[domain]) || null;
}
