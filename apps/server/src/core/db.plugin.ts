import fp from 'fastify-plugin';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Database } from './db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the only Prisma client; repositories receive it, nothing imports a singleton */
    db: PrismaClient;
  }
}

/** Decorates `app.db`. The caller opened the database and closes it (tests share one across apps). */
export const dbPlugin = fp<{ db: Database }>(
  async (app, { db }) => {
    app.decorate('db', db.prisma);
  },
  { name: 'db' },
);
