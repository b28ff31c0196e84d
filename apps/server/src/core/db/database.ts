// STUB: replaced by the database owner. Interface is fixed.
import type { PrismaClient } from '../../generated/prisma/client.ts';

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

export async function openDatabase(_opts: OpenDatabaseOptions): Promise<Database> {
  throw new Error('not implemented');
}
