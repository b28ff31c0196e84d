import { loadConfig, ConfigError, type Config } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { buildApp } from './app.ts';

// The only file that touches `process`: load config, open the database, serve, close gracefully.
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Pigeon cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, migrate: true });
  const app = await buildApp(config, { db });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.close().catch((err) => app.log.error({ err }, 'error while closing'));
    await db.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err) => {
  console.error('Pigeon failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
