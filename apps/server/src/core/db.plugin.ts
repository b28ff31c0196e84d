// STUB: replaced by the database owner.
import fp from 'fastify-plugin';
import type { Database } from './db/database.ts';

export const dbPlugin = fp<{ db: Database }>(async () => {});
