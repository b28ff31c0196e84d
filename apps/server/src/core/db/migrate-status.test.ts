import { describe, expect, it } from 'vitest';
import { summarizeHistory } from './migrate-status.ts';

const folder = ['20260101000000_init', '20260201000000_add_note'];
const base = { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null };

describe('summarizeHistory', () => {
  it('is clean when the engine reports no history problem', () => {
    expect(summarizeHistory(folder, base, null)).toMatchObject({ clean: true, pending: [], unknown: [] });
  });

  it('treats every folder migration as pending before the first deploy', () => {
    expect(summarizeHistory(folder, { ...base, hasMigrationsTable: false }, null)).toMatchObject({
      clean: false,
      pending: folder,
    });
  });

  it('lists unapplied and unknown migrations when histories diverge', () => {
    const s = summarizeHistory(
      folder,
      {
        ...base,
        history: {
          diagnostic: 'historiesDiverge',
          lastCommonMigrationName: folder[0]!,
          unappliedMigrationNames: [folder[1]!],
          unpersistedMigrationNames: ['20260150000000_hotfix'],
        },
      },
      null,
    );
    expect(s).toMatchObject({ clean: false, pending: [folder[1]], unknown: ['20260150000000_hotfix'] });
  });

  it('is not clean with a failed or edited migration, or drift', () => {
    expect(summarizeHistory(folder, { ...base, failedMigrationNames: [folder[1]!] }, null).clean).toBe(false);
    expect(summarizeHistory(folder, { ...base, editedMigrationNames: [folder[0]!] }, null).clean).toBe(false);
    expect(summarizeHistory(folder, base, 'Drift detected: ...').clean).toBe(false);
  });
});
