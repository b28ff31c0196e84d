// Decision 018's migration on a database that has users, sessions and a queued message from before accounts existed.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { defaultPaths, migrateDeploy, migrateStatus } from './migrate.ts';

const ACCOUNTS_MIGRATION = /_accounts$/;
const serverUrl = inject('databaseUrl');
const name = `accounts_migration_${process.pid}`;
let admin: pg.Client;
let url: string;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  url = u.toString();
});

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('the accounts migration', () => {
  it('gives each user a primary account from their latest session and keeps every sealed password', async () => {
    // the history up to (not including) the accounts migration
    const all = (await readdir(defaultPaths.migrations)).filter((m) => /^\d{14}_/.test(m)).sort();
    const cut = all.findIndex((m) => ACCOUNTS_MIGRATION.test(m));
    expect(cut).toBeGreaterThan(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-accounts-migration-'));
    try {
      await cp(defaultPaths.migrations, path.join(dir, 'migrations'), {
        recursive: true,
        filter: (src) => !all.slice(cut).some((m) => src.includes(m)),
      });
      await migrateDeploy(url, { migrations: path.join(dir, 'migrations'), schema: defaultPaths.schema });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const user = '11111111-1111-4111-8111-111111111111';
      const lonely = '22222222-2222-4222-8222-222222222222';
      await c.query(
        `INSERT INTO "User" (id, email, "passwordTag") VALUES ($1, 'alice@school.test', 4242), ($2, 'nobody@school.test', NULL)`,
        [user, lonely],
      );
      const session = (id: string, host: string, seen: string, sealed: Buffer) =>
        c.query(
          `INSERT INTO "Session" (id, "userId", "secretHash", "encryptedPassword", login, "imapHost", "imapPort", "imapTls",
             "smtpHost", "smtpPort", "smtpTls", "imapAddress", "lastSeenAt", "expiresAt")
           VALUES ($1, $2, 'h', $3, 'alice', $4, 993, 'tls', 'smtp.school.test', 465, 'tls', '192.0.2.1', $5, now() + interval '1 day')`,
          [id, user, sealed, host, seen],
        );
      await session('old-device', 'old.school.test', '2026-01-01T00:00:00Z', Buffer.from('sealed-old'));
      await session('new-device', 'imap.school.test', '2026-02-01T00:00:00Z', Buffer.from('sealed-new'));
      await c.query(
        `INSERT INTO "OutboxMessage" (id, "userId", "messageId", state, draft, "envelopeFrom", "envelopeTo", "saveToSent", "sendAt", "nextAttemptAt")
         VALUES ('33333333-3333-4333-8333-333333333333', $1, '<m@school.test>', 'scheduled', '{}', 'alice@school.test', '{}', true, now(), now())`,
        [user],
      );

      expect(await migrateDeploy(url)).toEqual(all.slice(cut));
      expect(await migrateStatus(url)).toMatchObject({ clean: true });

      const accounts = (await c.query(`SELECT * FROM "Account"`)).rows;
      expect(accounts).toHaveLength(1); // a user without a session gets one at the next sign-in
      expect(accounts[0]).toMatchObject({
        userId: user,
        address: 'alice@school.test',
        protocol: 'imap',
        login: 'alice',
        incomingHost: 'imap.school.test',
        incomingPort: 993,
        incomingTls: 'tls',
        incomingAddress: '192.0.2.1',
        smtpHost: 'smtp.school.test',
        isPrimary: true,
        passwordTag: 4242,
      });
      const passwords = (
        await c.query(`SELECT "sessionId", "accountId", sealed FROM "AccountPassword" ORDER BY "sessionId"`)
      ).rows;
      expect(passwords.map((p) => [p.sessionId, p.accountId, Buffer.from(p.sealed).toString()])).toEqual([
        ['new-device', accounts[0].id, 'sealed-new'],
        ['old-device', accounts[0].id, 'sealed-old'],
      ]);
      expect((await c.query(`SELECT "accountId" FROM "OutboxMessage"`)).rows).toEqual([{ accountId: accounts[0].id }]);
      const sessionColumns = (
        await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Session'`)
      ).rows.map((r) => r.column_name);
      expect(sessionColumns).not.toContain('encryptedPassword');
      expect(sessionColumns).not.toContain('imapHost');
    } finally {
      await c.end();
    }
  });
});
