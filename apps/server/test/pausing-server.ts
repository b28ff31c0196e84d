// The server as server.ts starts it, except that the outbox worker stops for good at the step named by
// PIGEON_TEST_PAUSE_AT and prints `PAUSED <step> <messageId>`: the test then kills the process with SIGKILL there.
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { buildApp } from '../src/app.ts';
import type { SendStep } from '../src/features/outbox/outbox.worker.ts';

export const PAUSED = 'PAUSED';

const pauseAt = process.env.PIGEON_TEST_PAUSE_AT as SendStep | undefined;
const config = loadConfig();
const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrate: true });
const app = await buildApp(config, { db });
app.outbox.hooks.step = (step, row) => {
  if (step !== pauseAt) return;
  process.stdout.write(`${PAUSED} ${step} ${row.messageId}\n`);
  return new Promise<void>(() => {});
};
await app.listen({ host: config.host, port: config.port });
