// POP3 discovery in the discovery lab (DNS and HTTP on 127.0.0.1) against the fixture's real Dovecot POP3: every
// sign-in below is a real POP3 login (TLS or STLS).
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureUser, mailFixture } from '@pigeon/mail-fixture';
import { loadConfig } from '../../config.ts';
import { resolvePop3Servers } from './pop3-discovery.ts';
import {
  startFakeDns,
  startFakeWeb,
  type FakeDns,
  type FakeWeb,
  type ZoneEntry,
} from './test-support/discovery-lab.ts';

const alice = fixtureUser('alice');
const here = { A: ['127.0.0.1'] };
const { pop3, pop3s, submissions } = mailFixture.ports;
const open: (FakeDns | FakeWeb)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function lab(
  zone: Record<string, ZoneEntry>,
  web: Record<string, { body: string }> = {},
  guess = 'pop3s:1,pop3:1',
) {
  const dns = await startFakeDns(zone);
  const http = await startFakeWeb(web);
  open.push(dns, http);
  return loadConfig({
    LOG_LEVEL: 'silent',
    MAIL_TLS_CA_FILE: mailFixture.caPath,
    MAIL_ALLOWED_HOSTS: '127.0.0.1',
    DISCOVERY_DNS_SERVERS: dns.server,
    DISCOVERY_ISPDB_URL: '',
    DISCOVERY_AUTOCONFIG_SCHEME: 'http',
    DISCOVERY_AUTOCONFIG_PORT: String(http.port),
    DISCOVERY_TIMEOUT_MS: '2000',
    DISCOVERY_GUESS_PORTS: `imaps:1,imap:1,smtps:1,smtp:1,${guess}`,
  });
}

const pop3OnlyXml = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="school">
  <incomingServer type="pop3"><hostname>mail.%EMAILDOMAIN%</hostname><port>${pop3}</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>mail.%EMAILDOMAIN%</hostname><port>${submissions}</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;

describe('POP3 discovery against the fixture', () => {
  it('finds POP3S through SRV and logs in; a wrong password is auth.invalid_credentials', async () => {
    const config = await lab({
      '_pop3s._tcp.school.test': { SRV: [{ target: 'mail.school.test', port: pop3s }] },
      '_submissions._tcp.school.test': { SRV: [{ target: 'mail.school.test', port: submissions }] },
      'mail.school.test': here,
    });
    expect(await resolvePop3Servers(alice.email, config, { password: alice.password })).toEqual({
      source: 'srv',
      login: alice.email,
      pop3: { host: 'mail.school.test', port: pop3s, tls: 'tls', address: '127.0.0.1' },
      smtp: { host: 'mail.school.test', port: submissions, tls: 'tls', address: '127.0.0.1' },
    });
    await expect(resolvePop3Servers(alice.email, config, { password: 'wrong' })).rejects.toMatchObject({
      code: 'auth.invalid_credentials',
    });
  });

  it('takes a config that offers POP3 only, and logs in with STLS', async () => {
    const config = await lab(
      { 'autoconfig.school.test': here, 'mail.school.test': here },
      { 'autoconfig.school.test/mail/config-v1.1.xml': { body: pop3OnlyXml } },
    );
    expect(await resolvePop3Servers(alice.email, config, { password: alice.password })).toMatchObject({
      source: 'autoconfig',
      pop3: { host: 'mail.school.test', port: pop3, tls: 'starttls' },
      smtp: { port: submissions, tls: 'tls' },
    });
  });

  it('guesses mail.<domain> when pop. and pop3. do not exist; nothing at all answers null', async () => {
    const config = await lab({ 'mail.school.test': here }, {}, `pop3s:${pop3s},pop3:1`);
    expect(await resolvePop3Servers(alice.email, config, { password: alice.password })).toMatchObject({
      source: 'guess',
      pop3: { host: 'mail.school.test', port: pop3s, tls: 'tls' },
    });
    expect(await resolvePop3Servers(alice.email, config)).toMatchObject({ source: 'guess' }); // without a login
    const empty = await lab({});
    expect(await resolvePop3Servers(alice.email, empty, { password: alice.password })).toBeNull();
  });
});
