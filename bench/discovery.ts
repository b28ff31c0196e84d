// Discovery time, median of 10 (issue 5): a domain found through the ISPDB, one through DNS SRV, and one through
// guessing while another candidate is unreachable (a closed port on 127.0.0.5). Every sign-in is a real IMAP login
// on the mail fixture; DNS and HTTP are local servers on 127.0.0.1. Run:
//   node scripts/pnpm.mjs --filter @pigeon/bench exec tsx discovery.ts
import { ensureMailFixture, fixtureUser, mailFixture } from '../packages/mail-fixture/src/index.ts'; // by path: bench/ does not depend on the fixture package
import { loadConfig } from '../apps/server/src/config.ts';
import { resolveMailServers } from '../apps/server/src/features/autoconfig/autoconfig.service.ts';
import {
  configXml,
  startFakeDns,
  startFakeWeb,
} from '../apps/server/src/features/autoconfig/test-support/discovery-lab.ts';
import { connectImap } from '../apps/server/src/imap/connect.ts';

const RUNS = 10;
const { imaps, submissions } = mailFixture.ports;
const alice = fixtureUser('alice');

await ensureMailFixture();
const here = { A: ['127.0.0.1'] };
const dns = await startFakeDns({
  'imap.ispdb.bench': here,
  'smtp.ispdb.bench': here,
  '_imaps._tcp.srv.bench': { SRV: [{ target: 'imap.srv.bench', port: imaps }] },
  '_submissions._tcp.srv.bench': { SRV: [{ target: 'smtp.srv.bench', port: submissions }] },
  'imap.srv.bench': here,
  'smtp.srv.bench': here,
  'imap.guess.bench': { A: ['127.0.0.5'] }, // nothing listens there: refused at once
  'mail.guess.bench': here,
  'smtp.guess.bench': here,
});
const web = await startFakeWeb({
  '127.0.0.1/v1.1/ispdb.bench': {
    body: configXml({
      imapHost: 'imap.ispdb.bench',
      imapPort: imaps,
      smtpHost: 'smtp.ispdb.bench',
      smtpPort: submissions,
    }),
  },
});
const config = loadConfig({
  LOG_LEVEL: 'silent',
  MAIL_TLS_CA_FILE: mailFixture.caPath,
  MAIL_ALLOWED_HOSTS: '127.0.0.1,127.0.0.5',
  DISCOVERY_DNS_SERVERS: dns.server,
  DISCOVERY_ISPDB_URL: `http://127.0.0.1:${web.port}/v1.1/`,
  DISCOVERY_AUTOCONFIG_SCHEME: 'http',
  DISCOVERY_AUTOCONFIG_PORT: String(web.port),
  DISCOVERY_GUESS_PORTS: `imaps:${imaps},imap:1,smtps:${submissions},smtp:1`,
});
// connect to the address the guard checked (what imap/connect.ts does once it honours `address`); the fixture's certificate names 127.0.0.1
const login: typeof connectImap = (l, tls) =>
  connectImap({ ...l, server: { ...l.server, host: l.server.address ?? l.server.host } }, tls);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

try {
  for (const [label, domain, expected] of [
    ['ISPDB', 'ispdb.bench', 'ispdb'],
    ['DNS SRV', 'srv.bench', 'srv'],
    ['guessing, one candidate unreachable', 'guess.bench', 'guess'],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await resolveMailServers(`alice@${domain}`, config, {
        password: alice.password,
        io: { login: async (l, tls) => login({ ...l, login: alice.email }, tls) },
      });
      times.push(performance.now() - t0);
      if (r?.source !== expected) throw new Error(`${domain}: expected source ${expected}, got ${r?.source}`);
    }
    console.log(
      `${label.padEnd(38)} median ${median(times).toFixed(1)} ms   min ${Math.min(...times).toFixed(1)}   max ${Math.max(...times).toFixed(1)}   (n=${RUNS}, incl. a real IMAP login)`,
    );
  }
} finally {
  await dns.close();
  await web.close();
}
