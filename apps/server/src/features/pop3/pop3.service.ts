import type { Pop3Options, Pop3OptionsPatch, Pop3Status } from '@pigeon/shared';
import type { Pop3SettingsRow } from '../../mail/pop3/pop3-ledger.repository.ts';

type Pop3SettingsUpdate = Pick<
  Pop3SettingsRow,
  'leaveOnServer' | 'deleteAfterDays' | 'deleteWhenTrashed' | 'checkIntervalMinutes'
>;

export interface Pop3SettingsRepo {
  settings(accountId: string): Promise<Pop3SettingsRow>;
  updateSettings(accountId: string, patch: Partial<Pop3SettingsUpdate>): Promise<void>;
}

// the API says 0 for "never" and "the server's default"; the settings row says null
const optionsOf = (row: Pop3SettingsRow): Pop3Options => ({
  leaveOnServer: row.leaveOnServer,
  deleteAfterDays: row.deleteAfterDays ?? 0,
  deleteWhenTrashed: row.deleteWhenTrashed,
  checkIntervalMinutes: row.checkIntervalMinutes ?? 0,
});

/** The row's patch for an API patch (0 → null). Pure. */
export function settingsPatch(patch: Pop3OptionsPatch): Partial<Pop3SettingsUpdate> {
  const out: Partial<Pop3SettingsUpdate> = {};
  if (patch.leaveOnServer !== undefined) out.leaveOnServer = patch.leaveOnServer;
  if (patch.deleteWhenTrashed !== undefined) out.deleteWhenTrashed = patch.deleteWhenTrashed;
  if (patch.deleteAfterDays !== undefined) out.deleteAfterDays = patch.deleteAfterDays || null;
  if (patch.checkIntervalMinutes !== undefined) out.checkIntervalMinutes = patch.checkIntervalMinutes || null;
  return out;
}

/** A POP3 account's options and how its checks are going (`checking`: the account's watcher runs one here). */
export async function pop3Status(
  repo: Pop3SettingsRepo,
  accountId: string,
  o: { checking: boolean; defaultCheckIntervalMinutes: number },
): Promise<Pop3Status> {
  const row = await repo.settings(accountId);
  return {
    options: optionsOf(row),
    defaultCheckIntervalMinutes: o.defaultCheckIntervalMinutes,
    checking: o.checking,
    lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
    lastErrorCode: row.lastErrorCode,
    progress: { total: row.progressTotal, done: row.progressDone },
  };
}

/** Changes the options given (the next check applies them); answers all of them. */
export async function updatePop3Options(
  repo: Pop3SettingsRepo,
  accountId: string,
  patch: Pop3OptionsPatch,
): Promise<Pop3Options> {
  await repo.updateSettings(accountId, settingsPatch(patch));
  return optionsOf(await repo.settings(accountId));
}
