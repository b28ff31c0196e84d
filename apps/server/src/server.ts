import { loadConfig, ConfigError, type Config } from './config.ts';
import { openDatabase } from './core/db/database.ts';
import { buildApp } from './app.ts';
import { listenMetrics } from './core/metrics.ts';
import { warmUp } from './core/warm-up.ts';

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
  let metricsServer: Awaited<ReturnType<typeof listenMetrics>> | null = null;
  // SIGTERM: stop accepting, let requests in flight finish, then the onClose hooks (outbox stop, IMAP LOGOUT, ...), then the database
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    const t0 = performance.now();
    app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long, exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await app.close().catch((err: unknown) => app.log.error({ err }, 'error while closing'));
    await metricsServer?.close();
    await db.close().catch((err: unknown) => app.log.error({ err }, 'error while closing the database'));
    app.log.info({ ms: Math.round(performance.now() - t0) }, 'shut down');
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
  // ready (listening) only once warm: the first devices after a restart do not wait for a cold process
  await warmUp(app, config).catch((err: unknown) =>
    app.log.warn({ err: { message: (err as Error).message } }, 'warm-up failed'),
  );
  await app.listen({ host: config.host, port: config.port });
  if (config.metrics.port) {
    metricsServer = await listenMetrics(app.metrics, config.metrics.host, config.metrics.port);
    app.log.info({ host: config.metrics.host, port: metricsServer.port }, 'metrics listening');
  }
}

main().catch((err) => {
  console.error('Pigeon failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
