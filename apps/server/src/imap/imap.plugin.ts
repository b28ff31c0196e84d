import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { connectImap, imapSizeLimits, type TlsSettings } from './connect.ts';
import { ImapSessions } from './imap-sessions.ts';
import { createSnapshotStore, type SnapshotStore } from './snapshot-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** per-user IMAP command connections; `release(sessionId)` on sign-out */
    imap: ImapSessions;
    /** UID/flags listings behind sync tokens, for servers without CONDSTORE */
    syncSnapshots: SnapshotStore;
  }
}

/** Decorates `app.imap` and LOGOUTs every IMAP connection when the app closes. */
export const imapPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const tls: TlsSettings = {
      caFile: config.mailTlsCaFile,
      rejectUnauthorized: config.mailTlsRejectUnauthorized,
      connectTimeoutMs: config.mailConnectTimeoutMs,
    };
    const sessions = new ImapSessions({
      connect: (account) =>
        connectImap(
          { login: account.login, password: account.password, server: account.imap },
          tls,
          imapSizeLimits(config.reading.imapMaxLiteralBytes, config.reading.imapMaxResponseBytes),
        ),
      log: app.log,
    });
    app.decorate('imap', sessions);
    app.decorate('syncSnapshots', createSnapshotStore());
    app.addHook('onClose', async () => sessions.closeAll());
  },
  { name: 'imap' },
);
