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

/** `path` and the folders below it. */
export function subtreeOf(mailboxes: readonly Mailbox[], path: string): Mailbox[] {
  return mailboxes.filter((m) => m.path === path || m.path.startsWith(`${path}${m.delimiter}`));
}

/**
 * Folders the pane shows: subscribed ones, role folders, the open one, and the parents they need to hang from.
 * A server that reports no subscription at all gets every folder.
 */
export function visibleFolders(mailboxes: readonly Mailbox[], current: string | null): Mailbox[] {
  if (!mailboxes.some((m) => m.subscribed)) return [...mailboxes];
  const byPath = new Map(mailboxes.map((m) => [m.path, m]));
  const shown = new Set<string>();
  for (const m of mailboxes) {
    if (!(m.subscribed || m.role || m.path === current)) continue;
    for (let p: string | null = m.path; p !== null && !shown.has(p); p = byPath.get(p)?.parent ?? null) shown.add(p);
  }
  return mailboxes.filter((m) => shown.has(m.path));
}

/** Folders `path` may be moved into: any but itself, its own subfolders and its current parent (null = top level allowed). */
export function folderMoveTargets(mailboxes: readonly Mailbox[], path: string): Mailbox[] {
  const inside = new Set(subtreeOf(mailboxes, path).map((m) => m.path));
  const parent = mailboxes.find((m) => m.path === path)?.parent ?? null;
  return mailboxes.filter((m) => !inside.has(m.path) && m.path !== parent);
}

/** Special folders keep their name and place. */
export const isFixedFolder = (mailbox: Pick<Mailbox, 'role' | 'path'>): boolean =>
  mailbox.role !== null || mailbox.path.toUpperCase() === 'INBOX';

/** Where a device showing `current` goes after a folder change elsewhere: the renamed path, INBOX after a delete, or null (stay). */
export function followFolder(
  current: string,
  change: { reason: string; path?: string | undefined; newPath?: string | undefined },
  delimiter = '/',
): string | null {
  const { path, newPath } = change;
  if (!path || (current !== path && !current.startsWith(`${path}${delimiter}`))) return null;
  if (change.reason === 'deleted') return 'INBOX';
  if (change.reason === 'renamed' && newPath) return `${newPath}${current.slice(path.length)}`;
  return null;
}
