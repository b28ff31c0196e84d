// The devices page's API: every signed-in session of the user, and signing one or all others out (their sockets close).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type MailUser } from '@pigeon/mail-fixture';
import { CSRF_HEADER, apiRoutes, type DeviceList } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { cookieHeader, getCsrf, setCookies, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const LAPTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe('devices', () => {
  let t: TestApp;
  let url: string;
  let user: MailUser;
  const sockets: TestSocket[] = [];

  /** Signs in like a browser with this User-Agent. */
  async function signInAs(userAgent: string, who: MailUser = user): Promise<SignedIn> {
    const csrf = await getCsrf(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: { ...csrf.headers, 'user-agent': userAgent },
      payload: { email: who.email, password: who.password },
    });
    expect(res.statusCode).toBe(200);
    const cookie = cookieHeader({ ...csrf.cookies, ...setCookies(res) });
    const { csrfToken, accountId } = res.json<{ csrfToken: string; accountId: string }>();
    return { cookie, csrfToken, headers: { cookie, [CSRF_HEADER]: csrfToken, 'user-agent': userAgent }, accountId };
  }
  const list = async (who: SignedIn) => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.devices, headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json<DeviceList>().devices;
  };
  const call = (who: SignedIn, method: 'DELETE' | 'POST', path: string) =>
    t.app.inject({ method, url: path, headers: who.headers });
  const closed = (s: TestSocket) => new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
  const connect = async (who: SignedIn) => {
    const s = await connectSocket(url, who.cookie);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    user = await createUser('devices');
    t = await buildTestApp();
    url = await listen(t.app);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('lists every signed-in device, this one first and marked, with browser, system, kind, IP and times', async () => {
    const laptop = await signInAs(LAPTOP_UA);
    const phone = await signInAs(PHONE_UA);
    const devices = await list(phone);
    expect(devices).toHaveLength(2);
    expect(devices[0]).toMatchObject({
      current: true,
      browser: 'Safari 17',
      os: 'iOS 17',
      kind: 'mobile',
      ip: '127.0.0.1',
    });
    expect(devices[1]).toMatchObject({ current: false, browser: 'Chrome 120', os: 'Windows 10', kind: 'desktop' });
    expect(Date.parse(devices[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    // the list never carries a session id (half of the cookie)
    const sessionIds = (await t.db.prisma.session.findMany({ select: { id: true } })).map((s) => s.id);
    expect(devices.some((d) => sessionIds.includes(d.id))).toBe(false);
    expect((await list(laptop))[0]).toMatchObject({ current: true, browser: 'Chrome 120' });

    for (const who of [laptop, phone]) expect((await call(who, 'POST', apiRoutes.signOut)).statusCode).toBe(204);
  });

  it('signs one other device out: its socket closes, the list shrinks, this one stays', async () => {
    const laptop = await signInAs(LAPTOP_UA);
    const phone = await signInAs(PHONE_UA);
    const phoneSocket = await connect(phone);
    const laptopSocket = await connect(laptop);
    const gone = closed(phoneSocket);
    const phoneId = (await list(laptop)).find((d) => !d.current)!.id;

    const res = await call(laptop, 'DELETE', apiRoutes.device(phoneId));
    expect(res.statusCode).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(laptopSocket.socket.connected).toBe(true);
    expect((await list(laptop)).map((d) => d.current)).toEqual([true]);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.session, headers: phone.headers })).statusCode).toBe(
      401,
    );

    // twice, unknown, or another user's device: 404 devices.not_found
    const again = await call(laptop, 'DELETE', apiRoutes.device(phoneId));
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'devices.not_found' } });
    const stranger = await signInAs(PHONE_UA, await createUser('devices-other'));
    const strangerId = (await list(stranger))[0]!.id;
    expect((await call(laptop, 'DELETE', apiRoutes.device(strangerId))).statusCode).toBe(404);
    expect(await list(stranger)).toHaveLength(1);
    expect((await call(laptop, 'DELETE', apiRoutes.device('not an id!'))).statusCode).toBe(400);

    expect((await call(laptop, 'POST', apiRoutes.signOut)).statusCode).toBe(204);
  });

  it('signs out everywhere else: every other socket closes, this device stays signed in', async () => {
    const mine = await signInAs(LAPTOP_UA);
    const others = [await signInAs(PHONE_UA), await signInAs(PHONE_UA)];
    const otherSockets = await Promise.all(others.map(connect));
    const mySocket = await connect(mine);
    const gone = Promise.all(otherSockets.map(closed));

    const res = await call(mine, 'POST', apiRoutes.devicesSignOutOthers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ signedOut: 2 });
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    expect(mySocket.socket.connected).toBe(true);
    expect(await list(mine)).toHaveLength(1);
  });

  it('signing this device out clears its cookie', async () => {
    const mine = await signInAs(LAPTOP_UA);
    const id = (await list(mine)).find((d) => d.current)!.id;
    const res = await call(mine, 'DELETE', apiRoutes.device(id));
    expect(res.statusCode).toBe(204);
    expect(Object.values(setCookies(res))).toContain('');
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.devices, headers: mine.headers })).statusCode).toBe(401);
  });
});
