// @pigeon/mail-fixture: the project's real Dovecot + Postfix on 127.0.0.1 (scripts/mail), for tests and benches.
export { mailFixture, type MailFixtureConfig } from './config.ts';
export {
  ensureMailFixture,
  stopMailFixture,
  stopDovecot,
  startDovecot,
  stopPostfix,
  startPostfix,
  mailLogs,
} from './lifecycle.ts';
export {
  createUser,
  fixtureUser,
  loginOf,
  setUserQuota,
  setUserPassword,
  type CreateUserOptions,
  type MailUser,
  type MailCredentials,
} from './users.ts';
export { deliver, type DeliverOptions } from './deliver.ts';
export { imapClient, appendMessage } from './imap.ts';
export { seedMailbox, type SeedOptions } from './seed.ts';
