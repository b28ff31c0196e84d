// `pnpm db:migrate | db:status [--drift] | db:new <name>` against DATABASE_URL, else DATA_DIR's embedded database.
import { loadConfig } from '../../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrateDeploy, migrateDev, migrateStatus, type MigrationStatus } from './migrate.ts';

const usage = 'usage: migrate.cli.ts deploy | status [--drift] | dev --name <name>';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // relative paths mean what they mean where the user typed the command (pnpm runs scripts in apps/server)
  const { databaseUrl, dataDir } = loadConfig(process.env, process.env.INIT_CWD || process.cwd());
  const embedded = databaseUrl ? null : await startEmbeddedPostgres({ dataDir });
  const url = databaseUrl ?? embedded!.url;
  console.error(`database: ${databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${dataDir}`}`);
  try {
    switch (cmd) {
      case 'deploy': {
        const applied = await migrateDeploy(url);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        return 0;
      }
      case 'status': {
        const status = await migrateStatus(url, undefined, { checkDrift: rest.includes('--drift') });
        console.log(describe(status));
        return status.clean ? 0 : 1;
      }
      case 'dev': {
        const name = rest[rest.indexOf('--name') + 1];
        if (!rest.includes('--name') || !name) throw new Error(usage);
        const created = await migrateDev(url, name);
        console.log(
          created ? `Created and applied ${created}` : 'Schema and migrations are in sync; no migration created.',
        );
        return 0;
      }
      default:
        throw new Error(usage);
    }
  } finally {
    await embedded?.stop();
  }
}

function describe(s: MigrationStatus): string {
  const lines = [`${s.migrations.length} migration(s) in the folder.`];
  const list = (label: string, names: string[]) => names.length && lines.push(`${label}: ${names.join(', ')}`);
  list('Pending', s.pending);
  list('Failed (fix by hand, then mark resolved)', s.failed);
  list('Edited after being applied', s.edited);
  list('Applied but missing from the folder', s.unknown);
  if (s.drift) lines.push(`Drift: ${s.drift}`);
  lines.push(s.clean ? 'Database schema is up to date.' : 'Database is NOT up to date.');
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
