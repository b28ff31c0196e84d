import type { ImapFlow } from 'imapflow';
import type { MailboxList, MailboxRole } from '@pigeon/shared';
import { assignRoles, toMailboxList } from './mailbox.mapper.ts';

/** Every folder with counts, in one LIST-STATUS round trip (imapflow falls back to STATUS per folder without it). */
export async function listMailboxes({ client }: { client: ImapFlow }): Promise<MailboxList> {
  // Dovecot answers STATUS of the selected folder from this session's view, which misses mail another client added
  // until the session syncs (a NOOP): without it a just-delivered INBOX read 0 and all-folders search skipped it.
  if (client.mailbox) await client.noop();
  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
  return { mailboxes: toMailboxList(entries) };
}

const DEFAULT_NAMES = { archive: 'Archive', trash: 'Trash', junk: 'Junk', sent: 'Sent', drafts: 'Drafts' } as const;

/** Role → path for the folders that have a role (one LIST). */
export async function roleFolders({ client }: { client: ImapFlow }): Promise<Partial<Record<MailboxRole, string>>> {
  const entries = await client.list();
  return Object.fromEntries([...assignRoles(entries)].map(([path, role]) => [role, path]));
}

/** Path of the folder with `role`, creating it under its default name (Archive, Trash, …) when there is none. */
export async function ensureRoleFolder({
  client,
  role,
  known,
}: {
  client: ImapFlow;
  role: keyof typeof DEFAULT_NAMES;
  known?: Partial<Record<MailboxRole, string>>;
}): Promise<string> {
  const existing = (known ?? (await roleFolders({ client })))[role];
  if (existing) return existing;
  // servers without CREATE-SPECIAL-USE (Dovecot 2.3) get the plain name, which the name fallback recognises
  try {
    return (await client.mailboxCreate(DEFAULT_NAMES[role])).path;
  } catch (err) {
    // another device created it meanwhile
    const again = (await roleFolders({ client }))[role];
    if (again) return again;
    throw err;
  }
}
