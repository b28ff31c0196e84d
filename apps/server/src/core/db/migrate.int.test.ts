import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { defaultPaths, migrateDeploy, migrateDev, migrateStatus } from './migrate.ts';

// Each case gets its own EMPTY database on the run's server, so the shared (migrated) one stays untouched.
const serverUrl = inject('databaseUrl');
const created: string[] = [];
let admin: pg.Client;

async function emptyDatabase(): Promise<string> {
  const name = `migrate_test_${created.length}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    return rows.map((r) => r.t);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
});

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('apply to an empty database, leave a clean status, and are a no-op the second time', async () => {
    const url = await emptyDatabase();
    const before = await migrateStatus(url);
    expect(before.clean).toBe(false);
    expect(before.pending).toEqual(before.migrations);

    const applied = await migrateDeploy(url);
    expect(applied).toEqual(before.migrations);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(url)).toEqual(expect.arrayContaining(['Session', 'User', '_prisma_migrations']));
    expect(await migrateStatus(url, undefined, { checkDrift: true })).toMatchObject({
      clean: true,
      pending: [],
      failed: [],
      drift: null,
    });

    expect(await migrateDeploy(url)).toEqual([]);
  });

  it('reports drift when the schema was changed outside migrations', async () => {
    const url = await emptyDatabase();
    await migrateDeploy(url);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('ALTER TABLE "User" ADD COLUMN "nickname" TEXT');
    await c.end();

    const status = await migrateStatus(url, undefined, { checkDrift: true });
    expect(status.clean).toBe(false);
    expect(status.drift).toMatch(/drift/i);
  });

  it('creates a migration for a schema change, in Prisma folder format, and applies it', async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-migrations-'));
    try {
      const paths = { schema: path.join(dir, 'schema.prisma'), migrations: path.join(dir, 'migrations') };
      await cp(defaultPaths.migrations, paths.migrations, { recursive: true });
      const schema = await readFile(defaultPaths.schema, 'utf8');
      await writeFile(
        paths.schema,
        `${schema}\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n`,
      );

      const name = await migrateDev(url, 'add_note', paths);
      expect(name).toMatch(/^\d{14}_add_note$/);
      expect(await tables(url)).toContain('Note');
      expect(await migrateStatus(url, paths)).toMatchObject({ clean: true });
      expect(await migrateDev(url, 'again', paths)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
