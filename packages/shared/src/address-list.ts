import type { Address } from './message.schemas.ts';

// The WHATWG <input type="email"> rule (as the sign-in form), plus the RFC 5321 length limits.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** True for an address a mail server will take in RCPT TO (ASCII, one @, sane lengths and dots). */
export function isValidAddress(address: string): boolean {
  if (address.length > 254 || !EMAIL.test(address)) return false;
  const local = address.slice(0, address.lastIndexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

/** One entry of a typed recipient field: what was typed, what it means, and whether it is usable. */
export interface ParsedRecipient extends Address {
  raw: string;
  valid: boolean;
}

// splits on , or ; outside "quotes" and <angle brackets>
function splitList(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '\\' && quoted && i + 1 < input.length) {
      current += ch + input[++i];
      continue;
    }
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if ((ch === ',' || ch === ';') && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const unquote = (name: string) => {
  const t = name.trim();
  return t.startsWith('"') && t.endsWith('"') && t.length >= 2 ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
};

/** `Name <a@b>`, `"Last, First" <a@b>`, `a@b` … separated by commas or semicolons. Pure. */
export function parseAddressList(input: string): ParsedRecipient[] {
  return splitList(input).map((raw) => {
    const m = /^(.*)<([^<>]*)>\s*$/s.exec(raw);
    const address = (m ? m[2]! : raw).trim().replace(/^mailto:/i, '');
    const name = m ? unquote(m[1]!) : '';
    return { raw, name, address, valid: isValidAddress(address) };
  });
}

/** `Name <a@b>` with the name quoted when it needs to be, or the bare address. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const name = /[",;<>@()[\]:\\.]/.test(a.name) ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name;
  return `${name} <${a.address}>`;
}

/** The lower-cased addresses of a list, each once, in order. */
export function uniqueAddresses(list: Address[]): Address[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = a.address.toLowerCase();
    if (!a.address || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
