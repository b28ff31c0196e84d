import fp from 'fastify-plugin';
import type { AuthedSession, MailAccount, MailProtocol } from '../core/auth.types.ts';
import { AppError } from '../core/app-error.ts';
import { accountIn } from '../core/account-scope.ts';
import { createImapMailStore } from './imap-mail-store.ts';
import type { MailStore } from './mail-store.ts';
import type { ListOrderCache } from './list/list-order-cache.ts';
import type { RowCache } from './imap/row-cache.ts';
import type { FolderSizeCache } from './imap/folder-size-cache.ts';
import { FirstRowsHandover } from './first-rows-handover.ts';

/** Builds the store of one account for one holder (a request's session, or an internal holder such as the outbox). */
export type MailStoreFactory = (holder: AuthedSession, account: MailAccount) => MailStore;

/** The mail stores of signed-in accounts: one way in for every feature, whatever the protocol. */
export interface MailStores {
  /**
   * the store of `accountId` among the accounts `auth` holds (the primary one when absent); another user's or an
   * unknown id is 404 account.not_found
   */
  of(auth: AuthedSession, accountId?: string): MailStore;
  /** a protocol's implementation (POP3 registers its own; IMAP is built in) */
  register(protocol: MailProtocol, factory: MailStoreFactory): void;
  /** the first rows a sign-in read and answered without, for that session's first requests (decision 036) */
  readonly firstRows: FirstRowsHandover;
  /** list rows already read (decision 048), for the sign-in's own first page (decision 050) */
  readonly rows: RowCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailStores;
  }
}

/** Decorates `app.mail`: MailStores over the account layer's connections (decision 018). */
export const mailPlugin = fp<{
  listOrders: ListOrderCache;
  folderSizes: FolderSizeCache;
  rows: RowCache;
  sortHereForTests?: { pauseMs: number } | null;
}>(
  async (app, { listOrders, folderSizes, rows, sortHereForTests }) => {
    const firstRows = new FirstRowsHandover();
    const factories = new Map<MailProtocol, MailStoreFactory>([
      [
        'imap',
        (holder, account) =>
          createImapMailStore({
            connections: app.imap,
            downloads: app.imapDownloads,
            snapshots: app.syncSnapshots,
            holder,
            account,
            // decorated by app.ts once the reader is built; read when a store is made, never before a request
            reader: app.messageReader,
            listOrders,
            folderSizes,
            firstRows,
            rows,
            sortHereForTests: sortHereForTests ?? null,
          }),
      ],
    ]);
    const stores: MailStores = {
      of(auth, accountId) {
        const account = accountId === undefined ? auth.account : accountIn(auth.accounts, accountId);
        const factory = factories.get(account.protocol);
        if (!factory)
          throw new AppError(502, 'mail.operation_failed', `This server cannot open ${account.protocol} accounts yet.`);
        return factory(auth, account);
      },
      register(protocol, factory) {
        factories.set(protocol, factory);
      },
      firstRows,
      rows,
    };
    app.decorate('mail', stores);
  },
  { name: 'mail', dependencies: ['imap'] },
);
