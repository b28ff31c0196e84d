import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { MailAccount } from '../../core/auth.types.ts';
import { isAppError } from '../../core/app-error.ts';
import type { Emit } from '../../imap/account-watcher.ts';
import type { AccountRef, LiveWatcher } from '../../imap/account-watchers.ts';
import type { TlsSettings } from '../../imap/connect.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { createLocalStore } from '../local/local-store.repository.ts';
import { summarize } from '../local/local-summary.ts';
import { Pop3Client } from './pop3-client.ts';
import { checkPop3Account, FETCH_DEFAULTS, type CheckResult, type FetcherDeps } from './pop3-fetcher.ts';
import { createPop3Ledger, type Pop3Ledger } from './pop3-ledger.repository.ts';
import { Pop3Watcher } from './pop3-watcher.ts';

export interface Pop3AccountsDeps {
  prisma: () => PrismaClient;
  config: Pick<Config, 'pop3' | 'reading' | 'mailTlsCaFile' | 'mailTlsRejectUnauthorized' | 'mailConnectTimeoutMs'>;
  log: { warn: (obj: object, msg: string) => void };
}

/**
 * Builds each POP3 account's watcher for AccountWatchers (decision 026): its checks log in with the account's own
 * login and servers, claim as this process in the shared ledger (exactly once across instances, decision 019) and
 * keep messages up to the IMAP literal bound (IMAP_MAX_LITERAL_BYTES means the same thing here).
 */
export function pop3Watchers(deps: Pop3AccountsDeps) {
  const owner = `pigeon-${randomUUID()}`;
  const tls: TlsSettings = {
    caFile: deps.config.mailTlsCaFile,
    rejectUnauthorized: deps.config.mailTlsRejectUnauthorized,
    connectTimeoutMs: deps.config.mailConnectTimeoutMs,
  };
  const maxMessageBytes = deps.config.reading.imapMaxLiteralBytes;
  return (ref: AccountRef, account: () => MailAccount, emit: Emit): LiveWatcher => {
    const local = createLocalStore(deps.prisma());
    const ledger = createPop3Ledger(deps.prisma());
    return new Pop3Watcher({
      account,
      emit,
      local,
      intervalMinutes: async () =>
        (await ledger.settings(ref.accountId)).checkIntervalMinutes ?? deps.config.pop3.checkIntervalMinutes,
      log: deps.log,
      check: (hooks) =>
        recordingFailure(ledger, ref.accountId, checkPop3Account, {
          ledger,
          store: local,
          connect: () => {
            const a = account();
            return Pop3Client.connect({ login: a.login, password: a.password, server: a.incoming }, tls, {
              maxMessageBytes,
            });
          },
          summarize,
          owner,
          now: () => new Date(),
          ...FETCH_DEFAULTS,
          maxMessageBytes,
          ...hooks,
        }),
    });
  };
}

/** Runs a check; a failure's code stays on the account's settings (GET .../pop3 shows it) before it is rethrown. */
async function recordingFailure(
  ledger: Pick<Pop3Ledger, 'updateSettings'>,
  accountId: string,
  check: typeof checkPop3Account,
  deps: FetcherDeps,
): Promise<CheckResult> {
  try {
    return await check(accountId, deps);
  } catch (err) {
    const code = isAppError(err) ? err.code : 'mail.operation_failed';
    await ledger.updateSettings(accountId, { lastErrorCode: code }).catch(() => {});
    throw err;
  }
}
