import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { proxyTrustFn } from './core/net/proxy-trust.ts';
import type { Database } from './core/db/database.ts';
import { errorsPlugin } from './core/errors.plugin.ts';
import { securityPlugin } from './core/security.plugin.ts';
import { dbPlugin } from './core/db.plugin.ts';
import { redisPlugin } from './core/redis.plugin.ts';
import { rateLimitPlugin } from './core/rate-limit.plugin.ts';
import { loggerOptions, loggingPlugin } from './core/logging.plugin.ts';
import { healthPlugin } from './core/health.plugin.ts';
import { metricsPlugin } from './core/metrics.plugin.ts';
import { sessionPlugin } from './core/session.plugin.ts';
import { apiAuthPlugin } from './core/api-auth.plugin.ts';
import { apiDocsPlugin } from './core/api-docs.plugin.ts';
import { imapPlugin } from './imap/imap.plugin.ts';
import { realtimePlugin, roomOf } from './core/realtime.plugin.ts';
import { mailPlugin } from './mail/mail.plugin.ts';
import { revocationPlugin } from './core/revocation/revocation.plugin.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { autoconfigRoutes } from './features/autoconfig/autoconfig.routes.ts';
import { mailboxRoutes } from './features/mailbox/mailbox.routes.ts';
import { foldersRoutes } from './features/folders/folders.routes.ts';
import { messageRoutes } from './features/message/message.routes.ts';
import { conversationRoutes } from './features/mailbox/conversation.routes.ts';
import { conversationPrintRoutes } from './features/message/conversation-print.routes.ts';
import { allFoldersRoutes } from './features/mailbox/all-folders.routes.ts';
import { ListOrderCache } from './mail/list/list-order-cache.ts';
import { RowCache } from './mail/imap/row-cache.ts';
import { FolderSizeCache } from './mail/imap/folder-size-cache.ts';
import { MessageReader } from './mail/reading/message-reader.ts';
import { syncRoutes } from './features/sync/sync.routes.ts';
import { composeRoutes } from './features/compose/compose.routes.ts';
import { draftsRoutes } from './features/drafts/drafts.routes.ts';
import { outboxRoutes } from './features/outbox/outbox.routes.ts';
import { settingsRoutes } from './features/settings/settings.routes.ts';
import { contactsRoutes } from './features/contacts/contacts.routes.ts';
import { devicesRoutes } from './features/devices/devices.routes.ts';
import { pushRoutes } from './features/push/push.routes.ts';
import { createPushSender } from './features/push/push-sender.ts';
import { loadVapidKeys } from './features/push/push-keys.ts';
import type { Push } from './features/push/push.service.ts';
import { accountsRoutes } from './features/accounts/accounts.routes.ts';
import { createAccountsService } from './features/accounts/accounts.service.ts';
import { unifiedRoutes } from './features/unified/unified.routes.ts';
import { createSignInLimiter } from './features/auth/auth.rate-limit.ts';
import { logoutQuietly, verifyPop3Login } from './features/auth/auth.service.ts';
import { changesSince } from './mail/imap/changes.ts';
import { PUSH_MAX_ROWS } from './imap/push-rows.ts';
import { capacityRoutes } from './features/capacity/capacity.routes.ts';
import { webPlugin } from './core/web.plugin.ts';
import { pop3Watchers } from './mail/pop3/pop3-account.ts';
import { pop3Routes } from './features/pop3/pop3.routes.ts';
import { createPop3MailStore } from './mail/pop3-mail-store.ts';
import { compressPlugin } from './core/compress.plugin.ts';
import { loadServerSecret } from './core/crypto/server-secret.ts';
import type { OutboxWorker } from './features/outbox/outbox.worker.ts';
import { composeFiles, createOutboxWorker, createRepositories } from './composition.ts';
import './core/auth.types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the reading pipeline (worker pool + cache); decorated so tests can count its IMAP loads */
    messageReader: MessageReader;
    /** the outbox delivery loop (started when the app is ready, stopped on close); tests step it and hook its steps */
    outbox: OutboxWorker;
  }
}

export interface AppDeps {
  /** opened (and closed) by the caller, so tests can share one database */
  db: Database;
  /** where log lines go (default stdout); tests capture them */
  logStream?: Writable;
}

/** Builds the app: core plugins, then feature plugins, in one explicit list. Never touches `process`. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggerOptions(config, deps.logStream),
    trustProxy: proxyTrustFn(config.trustProxy),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 1000 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(loggingPlugin);
  await app.register(errorsPlugin);
  await app.register(securityPlugin, { config });
  await app.register(compressPlugin);
  await app.register(dbPlugin, { db: deps.db });
  await app.register(redisPlugin, { config });
  await app.register(rateLimitPlugin);
  // the composition root (style rule 14, decision 033): every repository and worker is built here, once
  const repos = createRepositories(app.db);
  const serverSecret = await loadServerSecret(config);
  const admin = repos.admin;
  await app.register(metricsPlugin, {
    config,
    sources: { signedInUsers: () => admin.countSignedInUsers(new Date()), outboxDepth: () => admin.outboxDepth() },
  });
  await app.register(healthPlugin);
  await app.register(sessionPlugin, { config });
  await app.register(apiAuthPlugin);
  await app.register(apiDocsPlugin);
  // web push (decision 027): VAPID keys configured or generated once into DATA_DIR
  const wp = config.webPush;
  const pushKeys = wp.enabled
    ? await loadVapidKeys({
        configured:
          wp.vapidPublicKey && wp.vapidPrivateKey
            ? { publicKey: wp.vapidPublicKey, privateKey: wp.vapidPrivateKey }
            : null,
        dataDir: config.dataDir,
      })
    : null;
  const push: Push = {
    repo: repos.push,
    publicKey: pushKeys?.publicKey ?? null,
    services: wp.services,
    send: pushKeys
      ? createPushSender({ keys: pushKeys, subject: wp.subject, caFile: wp.caFile })
      : async () => 'failed',
  };
  // the account layer (imap/) gets the sync feature's changes computation from here: imap never imports features
  await app.register(imapPlugin, {
    config,
    changes: (opts) => changesSince({ ...opts, rowsUpTo: PUSH_MAX_ROWS }),
    // a device waiting for web push keeps its account watched after the last tab closed
    keepWithoutDevices: pushKeys ? (ref) => push.repo.hasAny(ref.userId, new Date()) : undefined,
    // a POP3 account's checks run where an IMAP account's watcher would (decision 026)
    pop3Watcher: pop3Watchers({ prisma: () => app.db, config, log: app.log }),
  });
  // whole orders of slow lists, searches and conversations, shared by every IMAP account's store (decision 020)
  const listOrders = new ListOrderCache();
  await app.register(mailPlugin, {
    listOrders,
    folderSizes: new FolderSizeCache(),
    rows: new RowCache(),
    sortHereForTests: config.sortHereForTests,
  });
  // a POP3 account's messages live in Pigeon's own store (decision 026); its changes reach the user's other devices
  const { local, views, folders } = repos;
  app.mail.register('pop3', (holder, account) =>
    createPop3MailStore({
      local,
      views,
      folders,
      reader: app.messageReader,
      accountId: account.id,
      emit: (event, payload) =>
        app.accountEvents.emit({ accountId: account.id, userId: holder.userId }, event, {
          ...payload,
          accountId: account.id,
        } as never),
    }),
  );
  await app.register(realtimePlugin, { config });
  await app.register(revocationPlugin, { db: deps.db });

  // one worker pool and one reading cache for the reader, reply/forward and the body frame (decision 010)
  const reader = new MessageReader(config.reading);
  app.decorate('messageReader', reader);
  app.addHook('onClose', async () => reader.close());
  const outbox = createOutboxWorker(app, config, { repos, serverSecret });
  app.decorate('outbox', outbox);
  // uploads plus the forwarded and draft parts a message names, read where they are (compose, drafts, outbox)
  const files = composeFiles({ app, uploads: repos.uploads, maxBytes: config.attachmentMaxBytes });
  // more than one account per person (decision 034): added accounts are checked like a sign-in, sealed in the
  // user's vault, and their connections close when they are removed
  const mailTls = {
    caFile: config.mailTlsCaFile,
    rejectUnauthorized: config.mailTlsRejectUnauthorized,
    connectTimeoutMs: config.mailConnectTimeoutMs,
  };
  const accounts = createAccountsService({
    repo: repos.accounts,
    maxPerUser: config.accountsMaxPerUser,
    limiter: createSignInLimiter(config, app.redis),
    verifyLogin: async (login, protocol) =>
      protocol === 'pop3' ? verifyPop3Login(login, mailTls) : logoutQuietly(await app.imapLogin(login)),
    sessions: app.sessions,
    closeConnections: async (accountId) => {
      await app.live.closeAccount(accountId);
      await app.imap.closeAccount(accountId);
    },
    closeElsewhere: (userId) => app.revocation.accountRemoved(userId),
    addedElsewhere: (userId) => app.revocation.accountAdded(userId),
    announce: (userId, event) => app.io.to(roomOf(userId)).emit('accounts.changed', event),
  });

  await app.register(authRoutes, {
    config,
    accounts,
    repo: repos.auth,
    discoveryCache: repos.discovery,
    serverSecret,
    outbox,
  });
  await app.register(accountsRoutes, { accounts, config, discoveryCache: repos.discovery });
  await app.register(unifiedRoutes);
  await app.register(pop3Routes, { config, repo: repos.pop3Ledger });
  await app.register(autoconfigRoutes, { config, cache: repos.discovery });
  await app.register(mailboxRoutes, { config });
  await app.register(foldersRoutes);
  await app.register(messageRoutes, { config });
  await app.register(conversationRoutes);
  await app.register(conversationPrintRoutes);
  await app.register(allFoldersRoutes);
  await app.register(syncRoutes, { config });
  await app.register(composeRoutes, { config, uploads: repos.uploads, settings: repos.settings, files });
  await app.register(draftsRoutes, { config, settings: repos.settings, files });
  await app.register(outboxRoutes, {
    config,
    serverSecret,
    worker: outbox,
    outbox: repos.outbox,
    settings: repos.settings,
    contacts: repos.contacts,
    files,
  });
  await app.register(settingsRoutes, { config, repo: repos.settings });
  await app.register(contactsRoutes, { repo: repos.contacts });
  await app.register(devicesRoutes, { repo: repos.devices });
  await app.register(capacityRoutes);
  await app.register(pushRoutes, { push });

  await app.register(webPlugin, { config });
  return app;
}
