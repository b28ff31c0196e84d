// The IMAP server dies under an open live session: the close of the watcher's connection (not a timeout) turns the
// devices to `reconnecting` at once, and they are live again when the server is back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, startDovecot, stopDovecot } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../test/test-app.ts';
import { signIn } from '../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../test/realtime-helpers.ts';

const until = (fn: () => void) => vi.waitFor(fn, { timeout: 30_000, interval: 10 });

let t: TestApp;
let device: TestSocket;

beforeAll(async () => {
  const user = await createUser('dead-watcher');
  t = await buildTestApp();
  const url = await listen(t.app);
  device = await connectSocket(url, (await signIn(t.app, user.email, user.password)).cookie);
  await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
});

afterAll(async () => {
  device?.close();
  await startDovecot();
  await t?.close();
});

describe('live session: the IMAP server dies', () => {
  it('reports reconnecting from the closed connection, and live again once Dovecot is back', async () => {
    const t0 = performance.now();
    await stopDovecot();
    const stopped = performance.now();
    await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'reconnecting' }));
    const noticed = performance.now();
    console.info(
      `dead watcher: stop.sh took ${Math.round(stopped - t0)} ms; reconnecting reached the device ${Math.round(noticed - t0)} ms after the stop began`,
    );
    await startDovecot();
    await until(() => expect(device.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
  });
});
