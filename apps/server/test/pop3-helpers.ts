// A POP3 fetcher wired to the fixture's Dovecot and a database, for the fetcher's integration and crash tests.
import { randomUUID } from 'node:crypto';
import { mailFixture, type MailUser } from '@pigeon/mail-fixture';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createLocalFolders } from '../src/mail/local/local-folders.repository.ts';
import { createLocalStore } from '../src/mail/local/local-store.repository.ts';
import { createLocalViews } from '../src/mail/local/local-views.repository.ts';
import { summarize } from '../src/mail/local/local-summary.ts';
import { Pop3Client } from '../src/mail/pop3/pop3-client.ts';
import { checkPop3Account, FETCH_DEFAULTS, type FetcherDeps } from '../src/mail/pop3/pop3-fetcher.ts';
import { createPop3Ledger } from '../src/mail/pop3/pop3-ledger.repository.ts';
import { createPop3MailStore, type Pop3MailStoreDeps } from '../src/mail/pop3-mail-store.ts';
import type { MessageReader } from '../src/mail/reading/message-reader.ts';

export const fixtureTls = { caFile: mailFixture.caPath, rejectUnauthorized: true, connectTimeoutMs: 10_000 };

/** A logged-in POP3 client for the user (implicit TLS on the fixture's POP3S port). */
export function pop3For(user: MailUser, o: { maxMessageBytes?: number } = {}): Promise<Pop3Client> {
  return Pop3Client.connect(
    {
      login: user.login,
      password: user.password,
      server: { host: 'mail.school.test', address: mailFixture.host, port: mailFixture.ports.pop3s, tls: 'tls' },
    },
    fixtureTls,
    o,
  );
}

/** How many messages the user's POP3 maildrop holds now. */
export async function serverCount(user: MailUser): Promise<number> {
  const c = await pop3For(user);
  try {
    return (await c.stat()).count;
  } finally {
    await c.quit();
  }
}

/** Fetcher dependencies for one user on this database; override anything (clock, owner, hooks). */
export function fetcherFor(prisma: PrismaClient, user: MailUser, over: Partial<FetcherDeps> = {}): FetcherDeps {
  const maxMessageBytes = over.maxMessageBytes ?? 10 * 1024 * 1024;
  return {
    ledger: createPop3Ledger(prisma),
    store: createLocalStore(prisma),
    connect: () => pop3For(user, { maxMessageBytes }),
    summarize,
    owner: `test-${randomUUID()}`,
    now: () => new Date(),
    ...FETCH_DEFAULTS,
    maxMessageBytes,
    ...over,
  };
}

/** A POP3 Account row (and its user) for the fixture user, so the local store's rows have their account. */
export async function pop3AccountFor(prisma: PrismaClient, user: { email: string; login: string }): Promise<string> {
  const owner = await prisma.user.upsert({
    where: { email: user.email },
    create: { email: user.email },
    update: {},
  });
  const account = await prisma.account.create({
    data: {
      userId: owner.id,
      address: user.email,
      protocol: 'pop3',
      login: user.login,
      incomingHost: mailFixture.host,
      incomingPort: mailFixture.ports.pop3s,
      incomingTls: 'tls',
      smtpHost: mailFixture.host,
      smtpPort: mailFixture.ports.submissions,
      smtpTls: 'tls',
    },
  });
  return account.id;
}

export { checkPop3Account };

/** A POP3 account's MailStore over Pigeon's own store, wired as the mail plugin wires it. */
export function pop3StoreFor(
  prisma: PrismaClient,
  reader: MessageReader,
  accountId: string,
  emit?: Pop3MailStoreDeps['emit'],
): ReturnType<typeof createPop3MailStore> {
  return createPop3MailStore({
    local: createLocalStore(prisma),
    views: createLocalViews(prisma),
    folders: createLocalFolders(prisma),
    reader,
    accountId,
    emit,
  });
}
