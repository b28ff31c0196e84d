import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error.ts';
import { loadConfig } from '../../config.ts';
import {
  findAccountServers,
  resolveAccountServers,
  resolveManualAccount,
  type AccountDiscoveryIo,
} from './account-servers.ts';
import type { AutoconfigResult } from '@pigeon/shared';
import { OnlyGuessesFailed, type ResolvedServers } from './autoconfig.service.ts';
import type { ResolvedPop3Servers } from './pop3-discovery.ts';

const settings = loadConfig({ LOG_LEVEL: 'silent' });
const end = (host: string, port: number) => ({ host, port, tls: 'tls' as const, address: '127.0.0.1' });
const imap: ResolvedServers = {
  imap: end('imap.a.test', 993),
  smtp: end('smtp.a.test', 465),
  login: 'ann@a.test',
  source: 'srv',
  provider: null,
};
const pop3: ResolvedPop3Servers = {
  pop3: end('pop.a.test', 995),
  smtp: end('smtp.a.test', 465),
  login: 'ann@a.test',
  source: 'guess',
};
const unreachable = () => new AppError(502, 'mail.server_unreachable', 'down');

/** IMAP and POP3 discovery as fakes; records which were asked. */
function io(imapAnswer: () => Promise<ResolvedServers | null>, pop3Answer: ResolvedPop3Servers | null) {
  const asked: string[] = [];
  const fakes: AccountDiscoveryIo = {
    imap: async () => (asked.push('imap'), imapAnswer()),
    pop3: async (_e, _s, o) => (asked.push(`pop3:${o?.password}`), pop3Answer),
  };
  return { asked, fakes };
}

describe('resolveAccountServers', () => {
  it('takes IMAP when the domain has it, without asking for POP3', async () => {
    const t = io(async () => imap, pop3);
    expect(await resolveAccountServers('ann@a.test', settings, { password: 'pw' }, t.fakes)).toMatchObject({
      protocol: 'imap',
      incoming: { host: 'imap.a.test' },
    });
    expect(t.asked).toEqual(['imap']);
  });

  it('asks POP3 discovery (with the password) when IMAP finds nothing or only its guesses failed', async () => {
    const none = io(async () => null, pop3);
    expect(await resolveAccountServers('ann@a.test', settings, { password: 'pw' }, none.fakes)).toEqual({
      protocol: 'pop3',
      incoming: pop3.pop3,
      smtp: pop3.smtp,
      login: 'ann@a.test',
      source: 'guess',
      provider: null,
    });
    expect(none.asked).toEqual(['imap', 'pop3:pw']);
    const guesses = io(async () => Promise.reject(new OnlyGuessesFailed(unreachable())), pop3);
    expect((await resolveAccountServers('ann@a.test', settings, { password: 'pw' }, guesses.fakes))?.protocol).toBe(
      'pop3',
    );
  });

  it("keeps IMAP's answer when POP3 finds nothing either, and never hides IMAP's own refusals", async () => {
    const guessed = new OnlyGuessesFailed(unreachable());
    const t = io(async () => Promise.reject(guessed), null);
    await expect(resolveAccountServers('ann@a.test', settings, {}, t.fakes)).rejects.toBe(guessed);
    expect(await resolveAccountServers('ann@a.test', settings, {}, io(async () => null, null).fakes)).toBeNull();
    for (const err of [unreachable(), new AppError(401, 'auth.invalid_credentials', 'no')]) {
      const r = io(async () => Promise.reject(err), pop3);
      await expect(resolveAccountServers('ann@a.test', settings, {}, r.fakes)).rejects.toBe(err);
      expect(r.asked).toEqual(['imap']);
    }
  });
});

describe('resolveManualAccount', () => {
  const server = { host: '127.0.0.1', port: 995, tls: 'tls' as const };
  const allowed = loadConfig({ LOG_LEVEL: 'silent', MAIL_ALLOWED_HOSTS: '127.0.0.1' });

  it('makes a POP3 account from a typed POP3 server, an IMAP one from an IMAP server', async () => {
    const p = await resolveManualAccount('ann@a.test', { pop3: server, smtp: { ...server, port: 465 } }, allowed);
    expect(p).toMatchObject({ protocol: 'pop3', incoming: { host: '127.0.0.1', port: 995 }, source: 'manual' });
    const i = await resolveManualAccount('ann@a.test', { imap: { ...server, port: 993 }, smtp: server }, allowed);
    expect(i).toMatchObject({ protocol: 'imap', incoming: { port: 993 } });
  });

  it('refuses both or neither incoming server', async () => {
    await expect(
      resolveManualAccount('ann@a.test', { imap: server, pop3: server, smtp: server }, allowed),
    ).rejects.toMatchObject({ code: 'validation.invalid' });
    await expect(resolveManualAccount('ann@a.test', { smtp: server }, allowed)).rejects.toMatchObject({
      code: 'validation.invalid',
    });
  });
});

describe('findAccountServers (the sign-in page before signing in)', () => {
  const none: AutoconfigResult = {
    email: 'ann@a.test',
    found: false,
    source: null,
    incoming: null,
    outgoing: null,
    passwordWorks: true,
    provider: null,
  };
  const io = (imapAnswer: AutoconfigResult, pop3Answer: ResolvedPop3Servers | null) => {
    const asked: string[] = [];
    return {
      asked,
      io: {
        imap: async () => (asked.push('imap'), imapAnswer),
        pop3: async (_e: string, _s: unknown, o?: { password?: string }) => (
          asked.push(`pop3:${o?.password ?? 'no password'}`),
          pop3Answer
        ),
      },
    };
  };

  it("shows POP3's servers, without a password, when IMAP found nothing", async () => {
    const t = io(none, pop3);
    expect(await findAccountServers('ann@a.test', settings, {}, t.io)).toEqual({
      ...none,
      found: true,
      protocol: 'pop3',
      source: 'guess',
      incoming: { host: 'pop.a.test', port: 995, security: 'tls', username: 'ann@a.test' },
      outgoing: { host: 'smtp.a.test', port: 465, security: 'tls', username: 'ann@a.test' },
    });
    expect(t.asked).toEqual(['imap', 'pop3:no password']);
  });

  it("keeps IMAP's answer when it found servers or a provider, and when POP3 finds nothing", async () => {
    const found = { ...none, found: true, source: 'srv' as const };
    const provider = { ...none, passwordWorks: false, provider: 'google' as const };
    for (const answer of [found, provider]) {
      const t = io(answer, pop3);
      expect(await findAccountServers('ann@a.test', settings, {}, t.io)).toBe(answer);
      expect(t.asked).toEqual(['imap']);
    }
    expect(await findAccountServers('ann@a.test', settings, {}, io(none, null).io)).toBe(none);
  });
});
