// Mail users: fresh ones per test file (nothing to clean up) and the fixture's built-in ones.
import { randomBytes } from 'node:crypto';
import { mailFixture } from './config.ts';
import { runScript } from './run-script.ts';

/** A mailbox on the fixture; `login` is what IMAP LOGIN and SMTP AUTH take (the full address). */
export interface MailUser {
  email: string;
  password: string;
  login: string;
}

/** Anything that can log in: a MailUser, or just an address or login with its password. */
export type MailCredentials = { password: string } & ({ login: string } | { email: string });

/** The name to log in with. */
export function loginOf(user: MailCredentials): string {
  return 'login' in user && user.login ? user.login : (user as { email: string }).email;
}

export interface CreateUserOptions {
  /** a storage limit such as `200K`, `5M` or `1G` (GETQUOTAROOT, over-quota tests); without it: no limit */
  quota?: string;
}

/** A new user `t-<prefix>-<random>@school.test` with its own empty store; ~0.15 s. */
export async function createUser(prefix?: string, options: CreateUserOptions = {}): Promise<MailUser> {
  const tag = prefix
    ?.toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  const name = ['t', tag, randomBytes(5).toString('hex')].filter(Boolean).join('-');
  const out = (await runScript('add-user.sh', [name, ...(options.quota ? ['--quota', options.quota] : [])])).trim();
  const [email, ...rest] = out.split(' ');
  const password = rest.join(' ');
  if (!email || !password) throw new Error(`add-user.sh printed "${out}", expected "email password"`);
  return { email, password, login: email };
}

/** A built-in user (alice, bob, carol, dave, user001..user200, sink, full, tricky), password `<name>-pw`. */
export function fixtureUser(name: string): MailUser {
  const email = `${name}@${mailFixture.domain}`;
  const password = name === 'tricky' ? 'p@ss "w\\rd" 한글' : `${name}-pw`;
  return { email, password, login: email };
}

/** Gives an added user another storage limit (`100K`, `5M`, …); 1–2 s (Dovecot sees a changed passwd-file by its mtime second). */
export async function setUserQuota(user: MailUser, quota: string): Promise<void> {
  await runScript('add-user.sh', [user.email, '--quota', quota]);
}

/** Gives an added user a new password (the school changed it); the old one stops working. Returns the user with it. */
export async function setUserPassword(user: MailUser, password: string): Promise<MailUser> {
  await runScript('add-user.sh', [user.email, password]);
  return { ...user, password };
}
