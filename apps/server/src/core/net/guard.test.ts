import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTarget, ForbiddenTargetError, UnresolvableHostError, type HostResolver } from './guard.ts';
import { hostListed, isHostListEntry } from './host-list.ts';
import { safeFetchText } from './safe-fetch.ts';

/** A resolver from a table: no DNS traffic at all. */
const table = (t: Record<string, { v4?: string[]; v6?: string[] }>): HostResolver => ({
  resolve4: async (h) => (t[h]?.v4?.length ? t[h].v4 : Promise.reject(new Error('ENODATA'))),
  resolve6: async (h) => (t[h]?.v6?.length ? t[h].v6 : Promise.reject(new Error('ENODATA'))),
});
const resolver = table({
  'imap.public.example': { v4: ['93.184.216.34'], v6: ['2606:2800:220:1::1'] },
  'rebind.example': { v4: ['93.184.216.34', '10.0.0.5'] },
  'v6private.example': { v6: ['fd00::5'] },
  'mail.school.test': { v4: ['127.0.0.1'] },
  'other.school.test': { v4: ['127.0.0.2'] },
  'mapped.example': { v6: ['::ffff:127.0.0.1'] },
});

describe('checkTarget', () => {
  it('returns a public host with the address to connect to', async () => {
    expect(await checkTarget('IMAP.Public.Example.', { allowedHosts: null, resolver }, 'mail')).toEqual({
      host: 'imap.public.example',
      address: '93.184.216.34',
    });
  });

  it('refuses a name when ANY of its addresses is forbidden (rebinding, mixed answers)', async () => {
    await expect(checkTarget('rebind.example', { allowedHosts: null, resolver }, 'mail')).rejects.toThrow(
      new ForbiddenTargetError('rebind.example', '10.0.0.5 is private'),
    );
    await expect(checkTarget('v6private.example', { allowedHosts: null, resolver }, 'http')).rejects.toThrow(
      /fd00::5 is uniqueLocal/,
    );
    await expect(checkTarget('mapped.example', { allowedHosts: null, resolver }, 'http')).rejects.toThrow(/ipv4Mapped/);
  });

  it('refuses IP literals in forbidden ranges and unresolvable names', async () => {
    for (const ip of ['127.0.0.2', '10.1.2.3', '169.254.169.254', '[::1]', 'fe80::1', '100.64.1.1']) {
      await expect(checkTarget(ip, { allowedHosts: null, resolver }, 'http')).rejects.toBeInstanceOf(
        ForbiddenTargetError,
      );
    }
    await expect(checkTarget('nowhere.example', { allowedHosts: null, resolver }, 'http')).rejects.toBeInstanceOf(
      UnresolvableHostError,
    );
  });

  it('lets the allowlist name a loopback host by IP, CIDR or name, and nothing else', async () => {
    expect(await checkTarget('mail.school.test', { allowedHosts: ['127.0.0.1'], resolver }, 'mail')).toEqual({
      host: 'mail.school.test',
      address: '127.0.0.1',
    });
    await expect(checkTarget('other.school.test', { allowedHosts: ['127.0.0.1'], resolver }, 'mail')).rejects.toThrow(
      /127.0.0.2 is loopback/,
    );
    expect((await checkTarget('other.school.test', { allowedHosts: ['127.0.0.0/30'], resolver }, 'mail')).address).toBe(
      '127.0.0.2',
    );
    expect(
      (await checkTarget('other.school.test', { allowedHosts: ['*.school.test'], resolver }, 'mail')).address,
    ).toBe('127.0.0.2');
  });

  it('requires mail servers (not HTTP fetches) to be on the allowlist when there is one', async () => {
    await expect(
      checkTarget('imap.public.example', { allowedHosts: ['*.school.test'], resolver }, 'mail'),
    ).rejects.toThrow(/not in MAIL_ALLOWED_HOSTS/);
    expect(
      (await checkTarget('imap.public.example', { allowedHosts: ['*.school.test'], resolver }, 'http')).address,
    ).toBe('93.184.216.34');
  });
});

describe('host lists', () => {
  it('validates and matches entries', () => {
    expect(
      ['school.example', '*.school.example', '127.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1'].every(isHostListEntry),
    ).toBe(true);
    expect(['', 'a..b', 'http://x', '10.0.0.0/33', '*'].some(isHostListEntry)).toBe(false);
    expect(hostListed(['*.school.example'], 'imap.school.example')).toBe(true);
    expect(hostListed(['*.school.example'], 'school.example')).toBe(false);
    expect(hostListed(['*.school.example'], 'evilschool.example')).toBe(false);
    expect(hostListed(['fd00::/8'], 'x', 'fd12::1')).toBe(true);
    expect(hostListed(['10.0.0.0/8'], 'x', 'fd12::1')).toBe(false);
  });
});

describe('safeFetchText', () => {
  let server: http.Server;
  let loop2: http.Server;
  let port = 0;
  let loop2Hits = 0;
  beforeAll(async () => {
    loop2 = http.createServer((_, res) => (loop2Hits++, res.end('secret')));
    await new Promise<void>((r) => loop2.listen(0, '127.0.0.2', r));
    const loop2Port = (loop2.address() as AddressInfo).port;
    server = http.createServer((req, res) => {
      if (req.url === '/ok') return void res.end('<clientConfig/>');
      if (req.url === '/to-loop2') return void res.writeHead(302, { location: `http://127.0.0.2:${loop2Port}/` }).end();
      if (req.url === '/to-private') return void res.writeHead(301, { location: 'http://10.0.0.1/' }).end();
      if (req.url === '/to-metadata')
        return void res.writeHead(307, { location: 'http://[::ffff:169.254.169.254]/' }).end();
      if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await new Promise((r) => loop2.close(r));
  });
  const policy = { allowedHosts: ['127.0.0.1'], resolver };
  const get = (path: string) =>
    safeFetchText(`http://127.0.0.1:${port}${path}`, { policy, timeoutMs: 5000, allowHttp: true });

  it('fetches from an allowlisted host', async () => {
    expect(await get('/ok')).toMatchObject({ status: 200, body: '<clientConfig/>' });
  });

  it('refuses redirects to a loopback address that is not allowlisted, to private ranges and to mapped metadata addresses, before connecting', async () => {
    await expect(get('/to-loop2')).rejects.toThrow(/127.0.0.2 is loopback/);
    await expect(get('/to-private')).rejects.toThrow(/10.0.0.1 is private/);
    await expect(get('/to-metadata')).rejects.toThrow(/ipv4Mapped/);
    expect(loop2Hits).toBe(0);
  });

  it('stops redirect loops and refuses plain http unless allowed', async () => {
    await expect(get('/loop')).rejects.toThrow(/too many redirects/);
    await expect(safeFetchText(`http://127.0.0.1:${port}/ok`, { policy, timeoutMs: 5000 })).rejects.toThrow(
      /refused scheme http:/,
    );
  });
});
