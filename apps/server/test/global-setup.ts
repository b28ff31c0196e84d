// Once per `vitest --project int` run: shared peers for every server integration test.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureMailFixture } from '@pigeon/mail-fixture';
import { startEmbeddedPostgres } from '../src/core/db/embedded.ts';
import { migrateDeploy } from '../src/core/db/migrate.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** one migrated PostgreSQL for the whole run; tests use fresh rows (unique emails), never truncate */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // the real Dovecot + Postfix (scripts/mail); left running afterwards, like a dev's own mail server
  await ensureMailFixture();
  // under os.tmpdir(), never /root: the postgres user must be able to reach it
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pigeon-int-'));
  await fs.chmod(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir });
  try {
    await migrateDeploy(pg.url);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  project.provide('databaseUrl', pg.url);
  return async () => {
    await pg.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
