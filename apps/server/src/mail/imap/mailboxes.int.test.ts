// The folder list's counts on the real fixture, read on a connection that has a folder selected (as the account's
// command connection usually has): they include what another client added since.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createUser, imapClient, type MailUser } from '../../features/message/test-mail.ts';
import { listMailboxes } from './mailboxes.ts';

let user: MailUser;
let selected: ImapFlow;

beforeAll(async () => {
  user = await createUser('listcounts');
  selected = await imapClient(user);
  await selected.mailboxOpen('INBOX');
});

afterAll(async () => {
  await selected?.logout();
});

describe('listMailboxes', () => {
  it('counts mail another client added to the selected folder', async () => {
    const other = await imapClient(user);
    try {
      await other.append('INBOX', 'Subject: one\r\n\r\nOne.\r\n');
      await other.append('INBOX', 'Subject: two\r\n\r\nTwo.\r\n', ['\\Seen']);
    } finally {
      await other.logout();
    }
    const { mailboxes } = await listMailboxes({ client: selected });
    const inbox = mailboxes.find((m) => m.path === 'INBOX');
    expect(inbox).toMatchObject({ total: 2, unread: 1 });
    expect(selected.mailbox && selected.mailbox.path).toBe('INBOX');
  });
});
