import type { DiagnoseMigrationHistoryOutput } from '@prisma/schema-engine-wasm';

/** Where a database stands against the migrations folder; `clean` means nothing to apply and nothing wrong. */
export interface MigrationStatus {
  /** folders in prisma/migrations, in order */
  migrations: string[];
  /** in the folder, not yet applied */
  pending: string[];
  /** started but not finished in the database (a failed deploy): needs a manual fix */
  failed: string[];
  /** applied, but migration.sql changed since */
  edited: string[];
  /** applied in the database, missing from the folder */
  unknown: string[];
  /** schema differs from what the migrations produce (only when drift was checked) */
  drift: string | null;
  clean: boolean;
}

/** Maps the schema engine's history diagnosis to a MigrationStatus. */
export function summarizeHistory(
  migrations: string[],
  diag: DiagnoseMigrationHistoryOutput,
  drift: string | null,
): MigrationStatus {
  const h = diag.history;
  const pending = !diag.hasMigrationsTable
    ? [...migrations]
    : h?.diagnostic === 'databaseIsBehind' || h?.diagnostic === 'historiesDiverge'
      ? h.unappliedMigrationNames
      : [];
  const unknown =
    h?.diagnostic === 'migrationsDirectoryIsBehind' || h?.diagnostic === 'historiesDiverge'
      ? h.unpersistedMigrationNames
      : [];
  const failed = diag.failedMigrationNames;
  const edited = diag.editedMigrationNames;
  const clean = !pending.length && !unknown.length && !failed.length && !edited.length && drift === null;
  return { migrations, pending, failed, edited, unknown, drift, clean };
}
