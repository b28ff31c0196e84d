// A POP3 check in its own process that stops at PIGEON_TEST_PAUSE_AT and prints `PAUSED <step> <detail>`, so a
// crash test can kill -9 it there (pop3-fetcher-crash.int.test.ts).
import { openDatabase } from '../src/core/db/database.ts';
import type { FetchStep } from '../src/mail/pop3/pop3-fetcher.ts';
import { checkPop3Account, fetcherFor } from './pop3-helpers.ts';

const env = process.env;
const db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: env.DATABASE_URL!, migrate: false });
const pauseAt = env.PIGEON_TEST_PAUSE_AT as FetchStep;
const user = { email: env.POP3_LOGIN!, login: env.POP3_LOGIN!, password: env.POP3_PASSWORD! };
await checkPop3Account(
  env.ACCOUNT_ID!,
  fetcherFor(db.prisma, user, {
    owner: 'crash-child',
    leaseMs: Number(env.LEASE_MS),
    batchSize: 5,
    pauseAt: async (step, detail) => {
      if (step !== pauseAt) return;
      process.stdout.write(`PAUSED ${step} ${detail}\n`);
      await new Promise(() => {}); // until killed
    },
  }),
);
process.stdout.write('FINISHED\n');
await db.close();
