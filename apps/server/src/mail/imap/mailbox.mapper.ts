import type { ListResponse } from 'imapflow';
import type { Mailbox, MailboxRole } from '@pigeon/shared';

/** Display order of role folders; everything else follows alphabetically. */
export const ROLE_ORDER: readonly MailboxRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

const FLAG_ROLES: Record<string, MailboxRole> = {
  '\\inbox': 'inbox',
  '\\drafts': 'drafts',
  '\\sent': 'sent',
  '\\archive': 'archive',
  '\\junk': 'junk',
  '\\trash': 'trash',
};

/** Folder names (lower-case) servers without SPECIAL-USE commonly give role folders. */
const NAME_ROLES: Record<string, MailboxRole> = Object.fromEntries(
  (
    [
      ['drafts', ['drafts', 'draft', '임시보관함', '임시 보관함']],
      ['sent', ['sent', 'sent items', 'sent messages', 'sent mail', '보낸편지함', '보낸 편지함', '보낸메일함']],
      ['archive', ['archive', 'archives', '보관함', '보관 편지함']],
      [
        'junk',
        ['junk', 'spam', 'junk e-mail', 'junk email', 'bulk mail', '스팸', '스팸편지함', '스팸 편지함', '스팸메일함'],
      ],
      ['trash', ['trash', 'deleted items', 'deleted messages', 'bin', '휴지통']],
    ] as const
  ).flatMap(([role, names]) => names.map((n) => [n, role])),
);

type Entry = Pick<
  ListResponse,
  'path' | 'name' | 'delimiter' | 'parentPath' | 'flags' | 'specialUse' | 'specialUseSource' | 'subscribed'
> & {
  status?: { messages?: number | undefined; unseen?: number | undefined } | undefined;
};

const isTopLevel = (e: Entry) => !e.parentPath || e.parentPath.toUpperCase() === 'INBOX';

/** Role claimed by a folder and how sure we are (2 = server flag, 1 = name). */
export function roleOf(e: Entry): { role: MailboxRole; certainty: 1 | 2 } | null {
  if (e.path.toUpperCase() === 'INBOX') return { role: 'inbox', certainty: 2 };
  for (const flag of [...e.flags, ...(e.specialUse && e.specialUseSource !== 'name' ? [e.specialUse] : [])]) {
    const role = FLAG_ROLES[flag.toLowerCase()];
    if (role && role !== 'inbox') return { role, certainty: 2 };
  }
  const byName = isTopLevel(e) ? NAME_ROLES[e.name.trim().toLowerCase()] : undefined;
  return byName ? { role: byName, certainty: 1 } : null;
}

/** Gives each role to one folder: a server flag beats a name, then the first listed wins. */
export function assignRoles(entries: readonly Entry[]): Map<string, MailboxRole> {
  const best = new Map<MailboxRole, { path: string; certainty: number }>();
  for (const e of entries) {
    const r = roleOf(e);
    if (!r) continue;
    const current = best.get(r.role);
    if (!current || r.certainty > current.certainty) best.set(r.role, { path: e.path, certainty: r.certainty });
  }
  return new Map([...best].map(([role, { path }]) => [path, role]));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const isSelectable = (flags: Set<string>) => ![...flags].some((f) => /^\\(noselect|nonexistent)$/i.test(f));

/** LIST (+STATUS) entries → the folder list: role folders first (ROLE_ORDER), others alphabetically, children right after their parent. */
export function toMailboxList(entries: readonly Entry[]): Mailbox[] {
  const roles = assignRoles(entries);
  const paths = new Set(entries.map((e) => e.path));
  const mailboxes: Mailbox[] = entries.map((e) => ({
    path: e.path,
    name: e.name,
    parent: e.parentPath && paths.has(e.parentPath) ? e.parentPath : null,
    delimiter: e.delimiter || '/',
    role: roles.get(e.path) ?? null,
    total: e.status?.messages ?? 0,
    unread: e.status?.unseen ?? 0,
    selectable: isSelectable(e.flags),
    subscribed: e.subscribed === true,
  }));

  const rank = (m: Mailbox) => (m.role ? ROLE_ORDER.indexOf(m.role) : ROLE_ORDER.length);
  const bySibling = (a: Mailbox, b: Mailbox) =>
    rank(a) - rank(b) || collator.compare(a.name, b.name) || collator.compare(a.path, b.path);
  const children = new Map<string | null, Mailbox[]>();
  for (const m of mailboxes) children.set(m.parent, [...(children.get(m.parent) ?? []), m]);

  const ordered: Mailbox[] = [];
  const visit = (parent: string | null) => {
    for (const m of (children.get(parent) ?? []).sort(bySibling)) {
      ordered.push(m);
      visit(m.path);
    }
  };
  visit(null);
  return ordered;
}
