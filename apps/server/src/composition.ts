import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from './generated/prisma/client.ts';
import type { Config } from './config.ts';
import type { AuthedSession } from './core/auth.types.ts';
import { roomOf } from './core/realtime.plugin.ts';
import { createAccountsRepository } from './features/accounts/accounts.repository.ts';
import { createAdminRepository } from './features/admin/admin.repository.ts';
import { createAuthRepository } from './features/auth/auth.repository.ts';
import { createDiscoveryRepository } from './features/autoconfig/autoconfig.repository.ts';
import { createComposeRepository, type ComposeRepository } from './features/compose/compose.repository.ts';
import { partFetcher, withMessageParts } from './features/compose/message-parts.ts';
import { createContactsRepository } from './features/contacts/contacts.repository.ts';
import { createDevicesRepository } from './features/devices/devices.repository.ts';
import { createOutboxRepository } from './features/outbox/outbox.repository.ts';
import { OutboxWorker } from './features/outbox/outbox.worker.ts';
import { createSmtpSender } from './features/outbox/smtp.ts';
import { createPushRepository } from './features/push/push.repository.ts';
import { createSettingsRepository } from './features/settings/settings.repository.ts';
import { createLocalStore } from './mail/local/local-store.repository.ts';
import { createLocalViews } from './mail/local/local-views.repository.ts';
import { createLocalFolders } from './mail/local/local-folders.repository.ts';
import { createPop3Ledger } from './mail/pop3/pop3-ledger.repository.ts';

/** Every repository, built once over the app's database (style rule 14); features get the ones they name. */
export function createRepositories(db: PrismaClient) {
  return {
    accounts: createAccountsRepository(db),
    admin: createAdminRepository(db),
    auth: createAuthRepository(db),
    contacts: createContactsRepository(db),
    devices: createDevicesRepository(db),
    discovery: createDiscoveryRepository(db),
    /** the POP3 accounts' own message store (decision 026) */
    local: createLocalStore(db),
    /** the POP3 accounts' list views, conversations and search over that store (decision 035) */
    views: createLocalViews(db),
    /** the POP3 accounts' folder management and sizes over that store (decision 035) */
    folders: createLocalFolders(db),
    outbox: createOutboxRepository(db),
    /** what each POP3 account downloaded, and its options */
    pop3Ledger: createPop3Ledger(db),
    push: createPushRepository(db),
    settings: createSettingsRepository(db),
    /** compose's uploaded files */
    uploads: createComposeRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * The files a draft or a queued message names for one request's session: the uploads, plus forwarded messages' and
 * opened drafts' parts read from the account where they are (decision 018: one way, shared by compose, drafts, outbox).
 */
export type ComposeFiles = (session: AuthedSession) => ComposeRepository;

export function composeFiles(deps: {
  app: FastifyInstance;
  uploads: ComposeRepository;
  maxBytes: number;
}): ComposeFiles {
  const { app, uploads, maxBytes } = deps;
  return (session) => withMessageParts(uploads, partFetcher({ mail: app.mail.of(session), maxBytes }));
}

/** The outbox delivery loop (decision 015), started when the app is ready and stopped before the IMAP plugin's close. */
export function createOutboxWorker(
  app: FastifyInstance,
  config: Config,
  deps: { repos: Repositories; serverSecret: Buffer },
): OutboxWorker {
  const worker = new OutboxWorker({
    outbox: deps.repos.outbox,
    uploads: deps.repos.uploads,
    // a POP3 account's store files the Sent copy in Pigeon's own Sent (decision 026); IMAP appends on the server
    mail: (holder) => app.mail.of(holder),
    release: (holderId) => app.imap.release(holderId),
    send: createSmtpSender({
      caFile: config.mailTlsCaFile,
      rejectUnauthorized: config.mailTlsRejectUnauthorized,
      connectTimeoutMs: config.mailConnectTimeoutMs,
    }),
    serverSecret: deps.serverSecret,
    log: app.log,
    shared: config.redisUrl !== null,
    failedRetentionMs: config.outboxFailedRetentionDays * 86_400_000,
    // the same dialog as a refused IMAP login: through the live session here, else straight to the devices
    onLoginRefused: ({ userId, accountId }, password) => {
      const live = accountId ? app.live.running(accountId) : undefined;
      if (live) live.loginRefused(password);
      else if (accountId) app.io.to(roomOf(userId)).emit('account.stateChanged', { state: 'reauth', accountId });
    },
  });
  app.addHook('onReady', async () => worker.start());
  // added after the IMAP plugin's (onClose hooks run last-added first), so the worker stops before every connection is logged out
  app.addHook('onClose', async () => worker.stop());
  return worker;
}
