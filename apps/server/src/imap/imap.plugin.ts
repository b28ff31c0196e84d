import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import type { ImapFlow } from 'imapflow';
import type { Config } from '../config.ts';
import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import { connectImap, imapSizeLimits, type ImapLogin, type TlsSettings } from './connect.ts';
import { AccountConnections } from './account-connections.ts';
import { DownloadConnections } from './download-connections.ts';
import { AccountWatcher, type SyncResult } from './account-watcher.ts';
import { AccountWatchers, type AccountRef, type LiveWatcher } from './account-watchers.ts';
import type { Emit } from './account-watcher.ts';
import { AccountEventHub } from './account-events.ts';
import { createRedisLease } from './account-lease.ts';
import { backoffDelay } from './backoff.ts';
import { createSnapshotStore, type SnapshotStore } from './snapshot-store.ts';

/** The changes of the selected `path` since a token, as the sync feature computes them (handed in by app.ts). */
export type ChangesFn = (opts: {
  client: ImapFlow;
  path: string;
  since: string | undefined;
  snapshots: SnapshotStore;
  owner: string;
}) => Promise<SyncResult>;

declare module 'fastify' {
  interface FastifyInstance {
    /** per-account IMAP command connections; `release(sessionId)` on sign-out */
    imap: AccountConnections;
    /** short-lived connections for downloads, at most IMAP_DOWNLOADS_PER_USER per user (decision 010, round 8) */
    imapDownloads: DownloadConnections;
    /** per-account live watchers (IDLE + NOTIFY), shared by all devices holding the account */
    live: AccountWatchers;
    /** the account layer's typed events, each with its account id (the realtime plugin forwards them) */
    accountEvents: AccountEventHub;
    /** UID/flags listings behind sync tokens, for servers without CONDSTORE */
    syncSnapshots: SnapshotStore;
    /** logs in with the command connections' options: a sign-in's connection can then be `imap.adopt`ed */
    imapLogin: (login: ImapLogin) => Promise<ImapFlow>;
  }
}

/** An internal holder of a command connection that no cookie session owns (the account's watcher). */
export const watcherHolder = (accountId: string) => `live:${accountId}`;

/**
 * Every mail connection of every account is opened, leased and closed here (decision 018): the command connections
 * (`app.imap`), the download connections (`app.imapDownloads`) and the live watchers (`app.live`, with the Redis lease when REDIS_URL is set). LOGOUTs all on close.
 */
export const imapPlugin = fp<{
  config: Config;
  changes: ChangesFn;
  /** the watcher stays without devices while this holds (a device waits for web push; handed in by app.ts) */
  keepWithoutDevices?: (ref: AccountRef) => Promise<boolean>;
  /** the live side of a POP3 account (mail/pop3/pop3-account.ts), handed in by app.ts */
  pop3Watcher?: (ref: AccountRef, account: () => MailAccount, emit: Emit) => LiveWatcher;
}>(
  async (app, { config, changes, keepWithoutDevices, pop3Watcher }) => {
    const tls: TlsSettings = {
      caFile: config.mailTlsCaFile,
      rejectUnauthorized: config.mailTlsRejectUnauthorized,
      connectTimeoutMs: config.mailConnectTimeoutMs,
    };
    const limits = imapSizeLimits(config.reading.imapMaxLiteralBytes, config.reading.imapMaxResponseBytes);
    // the browser's address goes to the mail server only when the admin asked for it (IMAP_FORWARD_CLIENT_IP)
    const imapLogin = ({ clientIp, ...login }: ImapLogin) =>
      connectImap(config.imapForwardClientIp && clientIp ? { ...login, clientIp } : login, tls, limits);
    const connections = new AccountConnections({
      connect: (account) => imapLogin({ login: account.login, password: account.password, server: account.incoming }),
      log: app.log,
    });
    const downloads = new DownloadConnections({
      connect: (account) => imapLogin({ login: account.login, password: account.password, server: account.incoming }),
      perUser: config.live.downloadsPerUser,
      log: app.log,
    });
    const snapshots = createSnapshotStore();
    const events = new AccountEventHub();
    // the watcher's syncs and counts run on the account's command connection, as an internal holder
    const asHolder = (userId: string, account: MailAccount): AuthedSession => ({
      sessionId: watcherHolder(account.id),
      userId,
      email: account.email,
      account,
      accounts: [account],
    });

    const live = new AccountWatchers({
      lingerMs: config.live.lingerMs,
      keepWithoutDevices,
      lease: app.redis ? createRedisLease(app.redis, randomUUID(), config.live.leaseMs) : undefined,
      onTaken: (ref) => {
        app.log.info({ userId: ref.userId, accountId: ref.accountId }, 'live session: lease taken');
        events.taken(ref);
      },
      announceSignIn: app.redis ? (ref, samePassword) => events.signedIn(ref, samePassword) : undefined,
      log: app.log,
      emit: events.emit,
      onClosed: (ref) => void connections.release(watcherHolder(ref.accountId)).catch(() => {}),
      create: (ref, account, emit) =>
        account().protocol === 'pop3' && pop3Watcher
          ? pop3Watcher(ref, account, emit)
          : new AccountWatcher({
              account,
              emit,
              connectWatcher:
                config.live.maxConnectionsPerUser >= 2
                  ? (a) =>
                      connectImap({ login: a.login, password: a.password, server: a.incoming }, tls, {
                        maxIdleTime: config.live.idleRestartMs,
                        ...limits,
                      })
                  : null,
              openCommand: () => connections.withClient(asHolder(ref.userId, account()), async () => {}),
              sync: (path, since) =>
                connections.withMailbox(asHolder(ref.userId, account()), path, (client) =>
                  changes({ client, path, since, snapshots, owner: ref.accountId }),
                ),
              listCounts: () =>
                connections.withClient(asHolder(ref.userId, account()), async (client) => {
                  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
                  return entries
                    .filter((e) => e.status)
                    .map((e) => ({ path: e.path, total: e.status?.messages ?? 0, unread: e.status?.unseen ?? 0 }));
                }),
              backoff: (attempt) => backoffDelay(attempt),
              pollMs: config.live.pollMs,
              log: app.log,
            }),
    });

    app.decorate('imap', connections);
    app.decorate('imapDownloads', downloads);
    app.decorate('live', live);
    app.decorate('accountEvents', events);
    app.decorate('syncSnapshots', snapshots);
    app.decorate('imapLogin', imapLogin);
    app.addHook('onClose', async () => {
      downloads.closeAll();
      await live.closeAll();
      await connections.closeAll();
    });
  },
  { name: 'imap', dependencies: ['redis'] },
);
