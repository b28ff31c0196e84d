// Where the fixture lives and listens; the same env vars and defaults as scripts/mail/lib/common.sh.
import path from 'node:path';

function portOffset(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 20_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 60_000) {
    throw new Error(`PIGEON_MAIL_PORT_OFFSET must be an integer 0..60000, got "${raw}"`);
  }
  return n;
}

const dir = process.env.PIGEON_MAIL_DIR || '/tmp/pigeon-mail';
const offset = portOffset(process.env.PIGEON_MAIL_PORT_OFFSET);

export interface MailFixtureConfig {
  /** runtime directory: config, TLS, mail, logs */
  dir: string;
  /** always an IP: `localhost` would go through the broken DNS here */
  host: '127.0.0.1';
  domain: 'school.test';
  ports: {
    /** IMAP with STARTTLS */
    imap: number;
    imaps: number;
    pop3: number;
    pop3s: number;
    /** Postfix "MX": no AUTH, only existing @school.test recipients */
    smtp: number;
    /** STARTTLS required, then AUTH */
    submission: number;
    submissions: number;
    lmtp: number;
    sieve: number;
  };
  /** the fixture's throw-away CA; a wiped dir gets a new one, so read it at run time */
  caPath: string;
}

/** The running fixture's coordinates, from PIGEON_MAIL_DIR and PIGEON_MAIL_PORT_OFFSET. */
export const mailFixture: Readonly<MailFixtureConfig> = Object.freeze({
  dir,
  host: '127.0.0.1',
  domain: 'school.test',
  ports: Object.freeze({
    imap: 1143 + offset,
    imaps: 1993 + offset,
    pop3: 1110 + offset,
    pop3s: 1995 + offset,
    smtp: 1025 + offset,
    submission: 1587 + offset,
    submissions: 1465 + offset,
    lmtp: 1024 + offset,
    sieve: 4190 + offset,
  }),
  caPath: path.join(dir, 'tls', 'ca.pem'),
});
