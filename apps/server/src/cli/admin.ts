// `npm run admin -- <command>`: operator commands against DATABASE_URL, or DATA_DIR's embedded database
// (the running server's, when one runs). Works the same inside the container.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../core/db/database.ts';
import { runningEmbeddedUrl } from '../core/db/embedded.ts';
import { createAdminRepository } from '../features/admin/admin.repository.ts';
import { ADMIN_USAGE, UsageError, runAdminCommand } from '../features/admin/admin.service.ts';

async function main(argv: string[]): Promise<number> {
  if (!argv.length || argv[0] === 'help' || argv[0] === '--help') {
    console.log(ADMIN_USAGE);
    return argv.length ? 0 : 2;
  }
  // relative paths mean what they mean where the user typed the command (npm runs scripts from the root)
  const config = loadConfig(process.env, process.env.INIT_CWD || process.cwd());
  const databaseUrl = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl, migrate: false });
  try {
    console.log(await runAdminCommand(argv, { repo: createAdminRepository(db.prisma) }));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`admin: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
