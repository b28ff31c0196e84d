import type { MessageEnvelopeObject, MessageStructureObject } from 'imapflow';
import type { AttachedMessage } from '@pigeon/shared';
import { toSender } from './sender.ts';

const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

/** Whether a part of this content type is a whole message (attached or forwarded as one). Pure. */
export const isMessageType = (contentType: string): boolean => MESSAGE_TYPES.has(contentType.toLowerCase());

/** From/Subject/Date of an attached message from its BODYSTRUCTURE envelope, as plain text. Pure. */
export function attachedMessageOf(envelope: MessageEnvelopeObject | undefined): AttachedMessage {
  const sender = toSender(envelope?.from?.[0]).from;
  const date = envelope?.date instanceof Date && !Number.isNaN(envelope.date.getTime()) ? envelope.date : null;
  return {
    from: sender
      ? sender.name && sender.address
        ? `${sender.name} <${sender.address}>`
        : sender.name || sender.address
      : '',
    subject: envelope?.subject ?? '',
    date: date ? date.toISOString() : null,
  };
}

/** The attached messages of a BODYSTRUCTURE by part number (message/rfc822 parts are not walked into). Pure. */
export function attachedMessages(node: MessageStructureObject | undefined, depth = 0): Map<string, AttachedMessage> {
  const out = new Map<string, AttachedMessage>();
  const walk = (n: MessageStructureObject | undefined, level: number) => {
    if (!n || level > 32) return;
    if (MESSAGE_TYPES.has((n.type ?? '').toLowerCase())) out.set(n.part ?? '1', attachedMessageOf(n.envelope));
    else for (const child of n.childNodes ?? []) walk(child, level + 1);
  };
  walk(node, depth);
  return out;
}

/** Reader attachments with their attached-message headers from BODYSTRUCTURE, named after the subject when unnamed. */
export function withAttachedMessages<T extends { part: string | null; filename: string; message?: AttachedMessage }>(
  attachments: T[],
  structure: MessageStructureObject | undefined,
): T[] {
  const found = attachedMessages(structure);
  if (!found.size) return attachments;
  return attachments.map((a) => {
    const message = a.part === null ? undefined : found.get(a.part);
    if (!message) return a;
    const generic = /^(?:attachment|part)-[\d.]+(?:\.eml)?$/.test(a.filename);
    const filename = generic && message.subject.trim() ? `${message.subject.trim().slice(0, 100)}.eml` : a.filename;
    return { ...a, filename, message };
  });
}
