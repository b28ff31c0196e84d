// Builds the app for integration tests on the run's shared database (see global-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mailFixture } from '@pigeon/mail-fixture';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';

/** 32 random bytes in base64 (as SESSION_SECRET must be), fixed so failures reproduce */
export const TEST_SESSION_SECRET = 'UqekDYWyC19jg/0czdXKtJvoWZpXOZ250OGB3SIkRVo=';

/** Config for the mail fixture's domain (IMAP and SMTP with STARTTLS, its own CA), silent logs, a temp DATA_DIR. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'pigeon-test-')),
    LOG_LEVEL: 'silent',
    SESSION_SECRET: TEST_SESSION_SECRET,
    MAIL_DOMAINS: JSON.stringify({
      [mailFixture.domain]: {
        imap: `imap://${mailFixture.host}:${mailFixture.ports.imap}`,
        smtp: `smtp://${mailFixture.host}:${mailFixture.ports.submission}`,
      },
    }),
    MAIL_TLS_CA_FILE: mailFixture.caPath,
  });
  return { ...base, ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
}

/** The app on the run's database (already migrated by global setup); `close()` closes app and connection. */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: inject('databaseUrl'), migrate: false });
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { db });
    await app.ready();
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
