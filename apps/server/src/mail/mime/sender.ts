import { domainToASCII } from 'node:url';
import { isValidAddress, type Address } from '@pigeon/shared';
import { decodeHeaderWords } from './header-words.ts';

/** What the reader may show for a From: `fromIsAddress` false means plain text only, never a trusted sender. */
export interface Sender {
  from: Address | null;
  fromIsAddress: boolean;
}

// what Dovecot's ENVELOPE puts where an address had no domain (RFC 3501 leaves it to the server)
const MISSING_HOST = /@(?:MISSING_DOMAIN|\.MISSING-HOST-NAME\.)$/;

/** A mailbox a reply could reach: ASCII (or IDN) domain with a dot, RFC 5321 lengths, no markup or spaces. */
export function isRealAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = domainToASCII(address.slice(at + 1));
  return domain.includes('.') && isValidAddress(`${address.slice(0, at)}@${domain}`);
}

/**
 * The sender as the reader shows it. A From whose address is not real (display name only, `"bank@x.com" <x>`,
 * markup, spaces, Dovecot's MISSING_DOMAIN for a From made of one encoded word) becomes one line of text in
 * `name` with an empty `address`.
 */
export function toSender(input: { name?: string | null; address?: string | null } | null | undefined): Sender {
  let name = (input?.name ?? '').trim();
  let address = (input?.address ?? '').trim();
  if (MISSING_HOST.test(address)) {
    // "=?UTF-8?B?...?=@MISSING_DOMAIN": the encoded word is the whole From; show it decoded, as text
    const local = decodeHeaderWords(address.slice(0, address.lastIndexOf('@'))).trim();
    name = [name, local].filter(Boolean).join(' ');
    address = '';
  }
  if (address && isRealAddress(address)) return { from: { name, address }, fromIsAddress: true };
  const text = name && address ? `${name} <${address}>` : name || address;
  return { from: text ? { name: text, address: '' } : null, fromIsAddress: false };
}
