import path from 'node:path';

// Pure checks about the embedded cluster's directory, kept apart from the process work in embedded.ts.

/** The identity PostgreSQL runs as (spawned with uid/gid only: supplementary groups are dropped). */
export interface Account {
  uid: number;
  gid: number;
}

interface DirStat {
  uid: number;
  gid: number;
  mode: number;
}

/** The first directory from `/` down to `dir` that `account` cannot search (x bit), or null if all pass. */
export function blockingDir(dir: string, account: Account, stat: (p: string) => DirStat): string | null {
  const abs = path.resolve(dir);
  const chain = [abs];
  for (let p = abs; p !== path.dirname(p); p = path.dirname(p)) chain.unshift(path.dirname(p));
  for (const p of chain) {
    let s: DirStat;
    try {
      s = stat(p);
    } catch {
      return null; // not created yet: everything above it was searchable
    }
    const bit = s.uid === account.uid ? 0o100 : s.gid === account.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) return p;
  }
  return null;
}

/** pid and port from PostgreSQL's postmaster.pid (line 1 and line 4), or null if unreadable. */
export function parsePostmasterPid(content: string): { pid: number; port: number } | null {
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number.isInteger(port) ? port : 0 } : null;
}
