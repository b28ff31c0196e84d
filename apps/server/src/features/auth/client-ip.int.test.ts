import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { getCsrf } from '../../../test/auth-helpers.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });

/** The `rip=` (remote address) of each of Dovecot's IMAP logins of `email`, from the fixture's log. */
async function loginAddressesOf(email: string): Promise<string[]> {
  const log = await readFile(path.join(mailFixture.dir, 'log', 'dovecot.log'), 'utf8');
  return log
    .split('\n')
    .filter((line) => line.includes('imap-login:') && line.includes(`Login: user=<${email}>`))
    .map((line) => /rip=([^,]+)/.exec(line)?.[1] ?? '?');
}

/** Waits until a login of `marker` is in the log: every login written before it is there too. */
async function logBarrier(marker: MailUser): Promise<void> {
  const before = (await loginAddressesOf(marker.email)).length;
  const client = await imapClient(marker);
  await client.logout().catch(() => client.close());
  await until(async () => expect((await loginAddressesOf(marker.email)).length).toBeGreaterThan(before));
}

/** Signs in from `remoteAddress` (a documentation address: only named in IMAP ID, never connected to); the status. */
async function signInFrom(app: TestApp['app'], email: string, password: string, remoteAddress: string) {
  const csrf = await getCsrf(app);
  const res = await app.inject({
    method: 'POST',
    url: apiRoutes.signIn,
    headers: csrf.headers,
    payload: { email, password },
    remoteAddress,
  });
  return res.statusCode;
}

describe.each([
  { forward: true, seen: '203.0.113.23' },
  { forward: false, seen: '127.0.0.1' },
])('the browser address at sign-in, IMAP_FORWARD_CLIENT_IP=$forward', ({ forward, seen }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ imapForwardClientIp: forward, signInLimitPerIp: 100, signInLimitPerAccount: 100 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`reaches Dovecot's login as rip=${seen} (x-originating-ip in ID, honoured from login_trusted_networks)`, async () => {
    const [user, marker] = await Promise.all([createUser(`rip-${forward}`), createUser(`rip-${forward}-mark`)]);
    expect(await signInFrom(t.app, user.email, user.password, '203.0.113.23')).toBe(200);
    await logBarrier(marker);
    const addresses = await loginAddressesOf(user.email);
    // the sign-in's login is the first; later ones (the watcher) are Pigeon's own and carry no browser address
    expect(addresses[0]).toBe(seen);
    expect(addresses.slice(1).every((a) => a === '127.0.0.1')).toBe(true);
  });
});

describe('wrong passwords from one browser, IMAP_FORWARD_CLIENT_IP=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ imapForwardClientIp: true, signInLimitPerIp: 100, signInLimitPerAccount: 100 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("do not slow another browser's sign-in (Dovecot's failure penalty counts the forwarded address)", async () => {
    const [guesser, other] = await Promise.all([createUser('penalty-guess'), createUser('penalty-other')]);
    // three different wrong passwords: Dovecot raises its per-address delay on each (a repeated one does not count)
    for (const wrong of ['wrong-1', 'wrong-2', 'wrong-3'])
      expect(await signInFrom(t.app, guesser.email, wrong, '203.0.113.60')).toBe(401);
    const finished: string[] = [];
    await Promise.all([
      signInFrom(t.app, guesser.email, guesser.password, '203.0.113.60').then((status) =>
        finished.push(`same browser ${status}`),
      ),
      signInFrom(t.app, other.email, other.password, '203.0.113.61').then((status) =>
        finished.push(`other browser ${status}`),
      ),
    ]);
    // without the forwarded address both wait out the penalty of Pigeon's one address, in either order
    expect(finished).toEqual(['other browser 200', 'same browser 200']);
  }, 150_000); // Dovecot's own delays add up to ~30 s: 2, 4 and 8 s for the wrong passwords, then the penalty
});
