import type { ImapFlow } from 'imapflow';
import type { MessageActionBody, MessageActionResult } from '@pigeon/shared';
import { mailboxNotFound, mailOperationFailed } from '../../imap/imap-errors.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { ensureRoleFolder, roleFolders } from './mailboxes.ts';
import { invalidAction } from '../message.errors.ts';

const FLAG_ACTIONS = {
  markRead: { flag: '\\Seen', add: true },
  markUnread: { flag: '\\Seen', add: false },
  star: { flag: '\\Flagged', add: true },
  unstar: { flag: '\\Flagged', add: false },
} as const;

const ok = (value: unknown) => {
  if (value === false || value === undefined) throw mailOperationFailed();
};

async function moveTo(client: ImapFlow, range: string, target: string): Promise<void> {
  const moved = await client.messageMove(range, target, { uid: true });
  if (moved) return;
  // imapflow answers false instead of throwing; tell a missing target from anything else
  const exists = await client.status(target, { messages: true }).catch(() => false);
  throw exists ? mailOperationFailed() : mailboxNotFound(target);
}

/** \Deleted + UID EXPUNGE of exactly these UIDs (UIDPLUS: never another client's \Deleted messages). */
async function expunge(client: ImapFlow, range: string): Promise<true> {
  if (!client.capabilities.has('UIDPLUS'))
    throw invalidAction('This mail server cannot delete single messages safely (no UIDPLUS).');
  ok(await client.messageDelete(range, { uid: true }));
  return true;
}

/**
 * Applies a list action to UIDs of the selected mailbox `path` on the IMAP server.
 * delete = MOVE to Trash, except in Trash/Junk: \Deleted + UID EXPUNGE of exactly these UIDs.
 */
export async function applyMessageAction({
  client,
  path,
  action,
  uids,
  target,
}: { client: ImapFlow; path: string } & MessageActionBody): Promise<MessageActionResult> {
  const range = toSequenceSet(uids);
  const result = (destination: string | null, expunged = false): MessageActionResult => ({
    action,
    uids,
    destination,
    expunged,
  });

  if (action === 'markRead' || action === 'markUnread' || action === 'star' || action === 'unstar') {
    const { flag, add } = FLAG_ACTIONS[action];
    ok(
      add
        ? await client.messageFlagsAdd(range, [flag], { uid: true })
        : await client.messageFlagsRemove(range, [flag], { uid: true }),
    );
    return result(null);
  }

  if (action === 'move') {
    if (!target) throw invalidAction('Moving needs a target folder.');
    if (target !== path) await moveTo(client, range, target);
    return result(target);
  }

  if (action === 'junk' || action === 'notJunk') {
    const [add, remove] = action === 'junk' ? ['$Junk', '$NotJunk'] : ['$NotJunk', '$Junk'];
    // keywords first: MOVE keeps them, and a server-side filter learns from them
    ok(await client.messageFlagsRemove(range, [remove], { uid: true }));
    ok(await client.messageFlagsAdd(range, [add], { uid: true }));
    const destination = action === 'junk' ? await ensureRoleFolder({ client, role: 'junk' }) : 'INBOX';
    if (destination !== path) await moveTo(client, range, destination);
    return result(destination);
  }

  if (action === 'deleteForever') return result(null, await expunge(client, range));

  if (action === 'archive') {
    const archive = await ensureRoleFolder({ client, role: 'archive' });
    if (archive !== path) await moveTo(client, range, archive);
    return result(archive);
  }

  // delete
  const folders = await roleFolders({ client });
  if (path === folders.trash || path === folders.junk) return result(null, await expunge(client, range));
  const destination = await ensureRoleFolder({ client, role: 'trash', known: folders });
  await moveTo(client, range, destination);
  return result(destination);
}
