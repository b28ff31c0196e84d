import type { Config } from '../../config.ts';
import type { ServerEndpoint } from './server-url.ts';

export interface ResolvedServers {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  /** login name to use for both servers */
  login: string;
  source: 'admin';
}

/**
 * Which servers serve this address: the one place sign-in asks. Today: the admin's per-domain settings,
 * then the default; null when neither applies. (Discovery plugs in here later.)
 */
export async function resolveMailServers(email: string, config: Pick<Config, 'mailDomains' | 'mailDefault'>): Promise<ResolvedServers | null> {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const servers = config.mailDomains[domain] ?? config.mailDefault;
  return servers ? { ...servers, login: email, source: 'admin' } : null;
}
