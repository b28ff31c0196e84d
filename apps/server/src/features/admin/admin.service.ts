import type { AdminRepository, DiscoveredSummary, SessionSummary } from './admin.repository.ts';

/** What `npm run admin -- <command>` can do; each returns the lines to print. */
export const ADMIN_USAGE = [
  'usage: npm run admin -- <command>',
  '  sessions [email]          list active sessions (all users, or one address)',
  '  sign-out <email>          end every session of that address, on every device',
  '  discovery                 show cached discovery results (servers found per domain)',
  '  discovery clear [domain]  forget one domain, or all, so the next sign-in discovers again',
].join('\n');

export class UsageError extends Error {}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function formatSessions(rows: SessionSummary[]): string {
  if (!rows.length) return 'No active sessions.';
  const lines = rows.map(
    (r) =>
      `${r.email}\t${r.id}\tlast seen ${iso(r.lastSeenAt)}\texpires ${iso(r.expiresAt)}\t${r.mailHost}\t${(r.userAgent ?? '-').slice(0, 60)}`,
  );
  const users = new Set(rows.map((r) => r.email)).size;
  return [...lines, `${rows.length} session(s), ${users} user(s).`].join('\n');
}

export function formatDiscovered(rows: DiscoveredSummary[]): string {
  if (!rows.length) return 'No cached discovery results.';
  return rows
    .map((r) => `${r.domain}\t${r.source}\tIMAP ${r.imap}\tSMTP ${r.smtp}\tverified ${iso(r.verifiedAt)}`)
    .join('\n');
}

/** Runs one admin command and returns its output. */
export async function runAdminCommand(
  argv: string[],
  deps: { repo: AdminRepository; now?: () => Date },
): Promise<string> {
  const [cmd, ...args] = argv;
  const now = deps.now ?? (() => new Date());
  switch (cmd) {
    case 'sessions':
      return formatSessions(await deps.repo.activeSessions(now(), args[0]));
    case 'sign-out': {
      if (!args[0]) throw new UsageError(ADMIN_USAGE);
      const ids = await deps.repo.deleteSessionsOf(args[0]);
      return `Signed ${args[0]} out of ${ids.length} session(s).`;
    }
    case 'discovery': {
      if (args[0] === undefined) return formatDiscovered(await deps.repo.discovered());
      if (args[0] !== 'clear') throw new UsageError(ADMIN_USAGE);
      const n = await deps.repo.clearDiscovered(args[1]);
      return `Removed ${n} cached discovery result(s)${args[1] ? ` for ${args[1]}` : ''}.`;
    }
    default:
      throw new UsageError(ADMIN_USAGE);
  }
}
