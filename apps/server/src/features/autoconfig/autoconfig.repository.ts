import type { DiscoverySource, MailProvider } from '@pigeon/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Candidate } from './discovery-sources.ts';
import type { TlsMode } from './server-url.ts';

export interface CachedServers {
  candidate: Candidate;
  verifiedAt: Date;
}

/** Step 2 of the chain: the servers that last accepted a sign-in, per address domain. */
export interface DiscoveryCache {
  get(domain: string): Promise<CachedServers | null>;
  put(domain: string, c: Candidate, at: Date): Promise<void>;
  remove(domain: string): Promise<void>;
}

export function createDiscoveryRepository(db: PrismaClient): DiscoveryCache {
  return {
    async get(domain) {
      const row = await db.discoveredServers.findUnique({ where: { domain } });
      if (!row) return null;
      return {
        verifiedAt: row.verifiedAt,
        candidate: {
          source: row.source as DiscoverySource,
          imap: { host: row.imapHost, port: row.imapPort, tls: row.imapTls as TlsMode },
          smtp: { host: row.smtpHost, port: row.smtpPort, tls: row.smtpTls as TlsMode },
          usernameTemplate: row.usernameTemplate,
          provider: (row.provider as MailProvider | null) ?? null,
          passwordWorks: !row.provider,
        },
      };
    },
    async put(domain, c, at) {
      const smtp = c.smtp ?? c.imap;
      const data = {
        source: c.source,
        imapHost: c.imap.host,
        imapPort: c.imap.port,
        imapTls: c.imap.tls,
        smtpHost: smtp.host,
        smtpPort: smtp.port,
        smtpTls: smtp.tls,
        usernameTemplate: c.usernameTemplate,
        provider: c.provider,
        verifiedAt: at,
      };
      await db.discoveredServers.upsert({ where: { domain }, create: { domain, ...data }, update: data });
    },
    async remove(domain) {
      await db.discoveredServers.deleteMany({ where: { domain } });
    },
  };
}
