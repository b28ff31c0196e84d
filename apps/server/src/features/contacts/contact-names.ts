import type { Address } from '@pigeon/shared';

/** What sending to one address does to the address book: count one use; store `name` only when `setName`. */
export interface ContactUse {
  /** lower-cased */
  address: string;
  name: string;
  setName: boolean;
}

/**
 * Addresses the user sent to, against the contacts already known (those with these addresses or names). Pure.
 * A stored name is never replaced, and a name that already names another address is not copied onto a new one:
 * a reply-all to a phishing Cc `"Principal Kim" <attacker@…>` cannot turn "Principal Kim" into the attacker.
 */
export function contactUses(known: Address[], sentTo: Address[]): ContactUse[] {
  const nameOf = new Map(known.map((c) => [c.address.toLowerCase(), c.name.trim()]));
  const owners = new Map<string, string>();
  for (const c of known) if (c.name.trim()) owners.set(c.name.trim().toLowerCase(), c.address.toLowerCase());
  const uses = new Map<string, ContactUse>();
  for (const a of sentTo) {
    const address = a.address.trim().toLowerCase();
    if (!address || uses.has(address)) continue;
    const name = a.name.trim();
    const owner = owners.get(name.toLowerCase());
    const stored = nameOf.get(address);
    const setName = name !== '' && !stored && (owner === undefined || owner === address);
    if (setName) owners.set(name.toLowerCase(), address);
    uses.set(address, { address, name: setName ? name : (stored ?? ''), setName });
  }
  return [...uses.values()];
}
