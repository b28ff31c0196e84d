// The POP3 client against the fixture's real Dovecot: implicit TLS, STLS, login refusal, UIDL/LIST/TOP/RETR/DELE.
import { beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, createUser, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { isAppError } from '../../core/app-error.ts';
import type { TlsMode } from '../../features/autoconfig/server-url.ts';
import { Pop3Client } from './pop3-client.ts';

const tls = { caFile: mailFixture.caPath, rejectUnauthorized: true, connectTimeoutMs: 5000 };
const server = (mode: TlsMode) => ({
  host: 'mail.school.test',
  address: mailFixture.host,
  port: mode === 'tls' ? mailFixture.ports.pop3s : mailFixture.ports.pop3,
  tls: mode,
});
let user: MailUser;
const body = (i: number) =>
  `From: a@school.test\r\nTo: b@school.test\r\nSubject: pop ${i}\r\nMessage-ID: <pop-${i}@school.test>\r\n\r\nline one\r\n.starts with a dot\r\n`;

beforeAll(async () => {
  user = await createUser('pop3-client');
  for (const i of [1, 2, 3]) await appendMessage(user, 'INBOX', body(i));
});

describe('Pop3Client on Dovecot', () => {
  it.each<TlsMode>(['tls', 'starttls'])('logs in over %s and reads the maildrop', async (mode) => {
    const c = await Pop3Client.connect({ login: user.login, password: user.password, server: server(mode) }, tls);
    try {
      expect(c.capabilities.has('UIDL')).toBe(true);
      expect(c.capabilities.has('STLS')).toBe(false); // after STLS (or on TLS) it is no longer offered
      expect((await c.stat()).count).toBe(3);
      const uidl = await c.uidl();
      expect(uidl.entries.map((e) => e.n)).toEqual([1, 2, 3]);
      expect(new Set(uidl.entries.map((e) => e.uidl)).size).toBe(3);
      const sizes = await c.list();
      // pipelined: three RETRs written before any answer
      const messages = await Promise.all([1, 2, 3].map((n) => c.retr(n)));
      expect(messages.map((m) => m.raw!.toString())).toEqual([1, 2, 3].map(body));
      expect(messages.map((m) => m.raw!.length)).toEqual(sizes.entries.map((e) => e.size));
      const top = await c.top(2, 0);
      expect(top!.toString()).toContain('Subject: pop 2\r\n');
      expect(top!.toString()).not.toContain('line one');
    } finally {
      await c.quit();
    }
  });

  it('a wrong password is auth.invalid_credentials; a closed port is mail.server_unreachable', async () => {
    const wrong = await Pop3Client.connect({ login: user.login, password: 'not-it', server: server('tls') }, tls).catch(
      (e: unknown) => e,
    );
    expect(isAppError(wrong) && wrong.code).toBe('auth.invalid_credentials');
    const closed = await Pop3Client.connect(
      { login: user.login, password: user.password, server: { ...server('tls'), port: 1 } },
      tls,
    ).catch((e: unknown) => e);
    expect(isAppError(closed) && closed.code).toBe('mail.server_unreachable');
  });

  it('a message larger than the bound comes back as null, and the connection stays usable', async () => {
    const c = await Pop3Client.connect({ login: user.login, password: user.password, server: server('tls') }, tls, {
      maxMessageBytes: 40,
    });
    try {
      const big = await c.retr(1);
      expect(big.raw).toBeNull();
      expect(big.bytes).toBeGreaterThan(40);
      expect((await c.stat()).count).toBe(3);
      expect(c.capabilities.has('UIDL')).toBe(true); // listings keep their own, larger bound
    } finally {
      await c.quit();
    }
  });

  it('DELE takes effect only at QUIT', async () => {
    const other = await createUser('pop3-dele');
    await appendMessage(other, 'INBOX', body(9));
    const login = { login: other.login, password: other.password, server: server('tls') };
    const a = await Pop3Client.connect(login, tls);
    await a.dele(1);
    a.close(); // no QUIT: nothing is deleted
    const b = await Pop3Client.connect(login, tls);
    expect((await b.stat()).count).toBe(1);
    await b.dele(1);
    await b.quit();
    const c = await Pop3Client.connect(login, tls);
    expect((await c.stat()).count).toBe(0);
    await c.quit();
  });
});
