import type { ImapFlow } from 'imapflow';

/** Bytes of the selected mailbox: the sum of every message's RFC822.SIZE (for servers without STATUS=SIZE). */
export async function sumMessageSizes(client: ImapFlow): Promise<number> {
  if (!client.mailbox || client.mailbox.exists === 0) return 0;
  let total = 0;
  for await (const m of client.fetch('1:*', { size: true })) total += m.size ?? 0;
  return total;
}
