import type { ImapFlow } from 'imapflow';
import { roleFolders } from '../mailbox/mailbox.service.ts';

const DEFAULT_NAMES = { sent: 'Sent', drafts: 'Drafts' } as const;

/** Path of the Sent or Drafts folder, created under its default name when the account has none. */
export async function specialFolder(client: ImapFlow, role: 'sent' | 'drafts'): Promise<string> {
  const known = await roleFolders({ client });
  const found = known[role];
  if (found) return found;
  try {
    return (await client.mailboxCreate(DEFAULT_NAMES[role])).path;
  } catch (err) {
    // another device created it meanwhile
    const again = (await roleFolders({ client }))[role];
    if (again) return again;
    throw err;
  }
}

/** UIDs in the selected mailbox whose Message-ID (or another header) is `value`. */
export async function searchHeader(client: ImapFlow, header: string, value: string): Promise<number[]> {
  const found = await client.search({ header: { [header]: value } }, { uid: true });
  return found || [];
}
