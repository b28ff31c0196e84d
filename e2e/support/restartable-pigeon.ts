import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startPigeon, type PigeonServer, type StartPigeonOptions } from './pigeon-server.ts';

/** A Pigeon server a spec owns and can restart: same port and DATA_DIR, so browsers keep their sessions. */
export interface RestartablePigeon {
  url: string;
  /** SIGTERM and wait; DATA_DIR stays */
  stop(): Promise<void>;
  /** starts it again on the same port and DATA_DIR */
  start(): Promise<void>;
  /** stops it (if running) and removes DATA_DIR */
  dispose(): Promise<void>;
}

export async function startRestartablePigeon(
  opts: Omit<StartPigeonOptions, 'port' | 'dataDir'>,
): Promise<RestartablePigeon> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-e2e-restart-'));
  let server: PigeonServer | null = await startPigeon({ ...opts, port, dataDir });
  const url = server.url;
  return {
    url,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      if (!server) server = await startPigeon({ ...opts, port, dataDir });
    },
    async dispose() {
      await server?.stop();
      server = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
