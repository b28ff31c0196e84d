import { ensureMailFixture } from '@pigeon/mail-fixture';
import { assertBuilt, startPigeon } from './support/pigeon-server.ts';

/**
 * One Pigeon server for the whole run, against the mail fixture; workers read its URL from PIGEON_E2E_URL.
 * The returned function is Playwright's global teardown: SIGTERM, wait, remove the temporary DATA_DIR.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  assertBuilt();
  await ensureMailFixture();
  const server = await startPigeon({
    port: Number(process.env.PIGEON_E2E_PORT ?? 0),
  });
  process.env.PIGEON_E2E_URL = server.url;
  return () => server.stop();
}
