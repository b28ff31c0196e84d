import type { Mailbox } from '@pigeon/shared';

export interface FolderRow {
  mailbox: Mailbox;
  depth: number;
  hasChildren: boolean;
}

/**
 * Flattens folders into display rows, children right after their parent (depth-first),
 * keeping the server's order among siblings; a child whose parent is missing becomes a root.
 */
export function folderRows(mailboxes: readonly Mailbox[], collapsed: ReadonlySet<string> = new Set()): FolderRow[] {
  const known = new Set(mailboxes.map((m) => m.path));
  const children = new Map<string | null, Mailbox[]>();
  for (const mailbox of mailboxes) {
    const parent = mailbox.parent !== null && known.has(mailbox.parent) ? mailbox.parent : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(mailbox);
    children.set(parent, siblings);
  }
  const rows: FolderRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const mailbox of children.get(parent) ?? []) {
      const hasChildren = (children.get(mailbox.path)?.length ?? 0) > 0;
      rows.push({ mailbox, depth, hasChildren });
      if (hasChildren && !collapsed.has(mailbox.path)) visit(mailbox.path, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

const ROLE_ICONS = {
  inbox: 'inbox',
  drafts: 'draft',
  sent: 'send',
  trash: 'trash',
  junk: 'junk',
  archive: 'archive',
} as const;

/** Icon name for a folder: its role's picture, or a plain folder. */
export function folderIcon(mailbox: Pick<Mailbox, 'role'>): (typeof ROLE_ICONS)[keyof typeof ROLE_ICONS] | 'folder' {
  return mailbox.role ? ROLE_ICONS[mailbox.role] : 'folder';
}

/** Role folders get the translated name (Inbox / 받은편지함); any other folder keeps its own name. */
export function folderLabel(mailbox: Pick<Mailbox, 'role' | 'name'>, t: (key: string) => string): string {
  return mailbox.role ? t(`folders.role.${mailbox.role}`) : mailbox.name;
}
