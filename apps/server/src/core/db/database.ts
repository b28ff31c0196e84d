import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrateDeploy } from './migrate.ts';

/** An open database: a Prisma client over the pg driver adapter; `close()` also stops an embedded server. */
export interface Database {
  prisma: PrismaClient;
  url: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** apply pending migrations before returning */
  migrate: boolean;
}

/** Opens DATABASE_URL, or the embedded PostgreSQL in DATA_DIR when there is none; the caller closes it. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  if (!opts.databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir }).catch((err: unknown) => {
      throw new Error(`embedded database: ${message(err)}`);
    });
  }
  const url = opts.databaseUrl ?? embedded!.url;
  let prisma: PrismaClient | null = null;
  try {
    if (opts.migrate) {
      await migrateDeploy(url).catch((err: unknown) => {
        throw new Error(`migrating the database failed: ${message(err)}`);
      });
    }
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    await prisma.$connect().catch((err: unknown) => {
      throw new Error(`cannot connect to the database at ${redact(url)}: ${message(err)}`);
    });
  } catch (err) {
    await prisma?.$disconnect().catch(() => {});
    await embedded?.stop();
    throw err;
  }
  const client = prisma;
  let closed: Promise<void> | undefined;
  return {
    prisma: client,
    url,
    close: () =>
      (closed ??= (async () => {
        await client.$disconnect().catch(() => {});
        await embedded?.stop();
      })()),
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
