import fs from 'node:fs/promises';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { defaultPaths } from './migrate.ts';

/** Why the database is not ready, or null when it is. */
export type ReadinessProblem = { code: 'db.unreachable' | 'db.migrations_pending'; message: string } | null;

/** The migration folders this build ships (read once; they do not change while running). */
export async function shippedMigrations(dir: string = defaultPaths.migrations): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Names in `shipped` that `applied` lacks (pure: the check /readyz makes). */
export function pendingMigrations(shipped: string[], applied: string[]): string[] {
  const done = new Set(applied);
  return shipped.filter((m) => !done.has(m));
}

/** Reachable and every shipped migration finished (cheap: one query on `_prisma_migrations`). */
export async function checkDatabase(prisma: PrismaClient, shipped: string[]): Promise<ReadinessProblem> {
  let rows: { migration_name: string }[];
  try {
    rows = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    // 42P01: no _prisma_migrations table yet, i.e. nothing applied
    if (code === '42P01' || /_prisma_migrations.*does not exist/.test(String(err))) rows = [];
    else return { code: 'db.unreachable', message: 'The database cannot be reached.' };
  }
  const pending = pendingMigrations(
    shipped,
    rows.map((r) => r.migration_name),
  );
  return pending.length
    ? { code: 'db.migrations_pending', message: `Migrations not applied: ${pending.join(', ')}` }
    : null;
}
