// Decision 010 round 9's migration on a database with messages queued before it: their bytes move into chunks.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { defaultPaths, migrateDeploy } from './migrate.ts';

const CHUNKS_MIGRATION = /_outbox_chunks$/;
const serverUrl = inject('databaseUrl');
const name = `outbox_chunks_migration_${process.pid}`;
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

describe('the outbox chunks migration', () => {
  it('slices every queued message into chunks that add up to it, with its length and SHA-256', async () => {
    const all = (await readdir(defaultPaths.migrations)).filter((m) => /^\d{14}_/.test(m)).sort();
    const cut = all.findIndex((m) => CHUNKS_MIGRATION.test(m));
    expect(cut).toBeGreaterThan(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-chunks-migration-'));
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
      await c.query(`INSERT INTO "User" (id, email) VALUES ($1, 'alice@school.test')`, [user]);
      // two chunks and a bit; a message of exactly one chunk; a sent row whose message was dropped
      const big = randomBytes(2 * 262144 + 7);
      const one = randomBytes(262144);
      const rows: [string, Buffer | null][] = [
        ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', big],
        ['bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', one],
        ['cccccccc-cccc-4ccc-8ccc-cccccccccccc', null],
      ];
      for (const [id, raw] of rows)
        await c.query(
          `INSERT INTO "OutboxMessage" (id, "userId", "messageId", state, draft, raw, "envelopeFrom", "envelopeTo",
             "saveToSent", "sendAt", "nextAttemptAt")
           VALUES ($1, $2, $3, $4, '{}', $5, 'alice@school.test', '{bob@school.test}', true, now(), now())`,
          [id, user, `<${id}@school.test>`, raw ? 'scheduled' : 'sent', raw],
        );

      await migrateDeploy(url);

      for (const [id, raw] of rows) {
        const { rows: chunks } = await c.query<{ data: Buffer }>(
          `SELECT data FROM "OutboxChunk" WHERE "outboxId" = $1 ORDER BY seq`,
          [id],
        );
        const {
          rows: [row],
        } = await c.query<{ rawSize: number | null; rawSha256: string | null }>(
          `SELECT "rawSize", "rawSha256" FROM "OutboxMessage" WHERE id = $1`,
          [id],
        );
        if (!raw) {
          expect(chunks).toHaveLength(0);
          expect(row).toEqual({ rawSize: null, rawSha256: null });
          continue;
        }
        expect(chunks).toHaveLength(Math.ceil(raw.length / 262144));
        expect(Buffer.concat(chunks.map((r) => r.data)).equals(raw)).toBe(true);
        expect(row).toEqual({ rawSize: raw.length, rawSha256: createHash('sha256').update(raw).digest('hex') });
      }
      const { rows: columns } = await c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'OutboxMessage' AND column_name = 'raw'`,
      );
      expect(columns).toHaveLength(0);
    } finally {
      await c.end();
    }
  });
});
