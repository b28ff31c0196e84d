import { describe, expect, it } from 'vitest';
import { blockingDir, parsePostmasterPid } from './cluster-dir.ts';

const postgres = { uid: 101, gid: 104 };
const tree = (dirs: Record<string, { uid: number; gid: number; mode: number }>) => (p: string) => {
  const s = dirs[p];
  if (!s) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return s;
};

describe('blockingDir', () => {
  it('names /root when DATA_DIR is under a 0700 root home', () => {
    const stat = tree({
      '/': { uid: 0, gid: 0, mode: 0o755 },
      '/root': { uid: 0, gid: 0, mode: 0o700 },
      '/root/pigeon': { uid: 0, gid: 0, mode: 0o755 },
    });
    expect(blockingDir('/root/pigeon/data/postgres', postgres, stat)).toBe('/root');
  });

  it('passes world-searchable dirs and stops checking at the first missing one', () => {
    const stat = tree({ '/': { uid: 0, gid: 0, mode: 0o755 }, '/var': { uid: 0, gid: 0, mode: 0o711 } });
    expect(blockingDir('/var/lib/pigeon/postgres', postgres, stat)).toBeNull();
  });

  it('uses the owner bits for the owner and the group bits for the group', () => {
    const stat = tree({
      '/': { uid: 0, gid: 0, mode: 0o755 },
      '/srv': { uid: 101, gid: 0, mode: 0o700 },
      '/srv/g': { uid: 0, gid: 104, mode: 0o750 },
      '/srv/g/x': { uid: 0, gid: 0, mode: 0o770 },
    });
    expect(blockingDir('/srv/g', postgres, stat)).toBeNull();
    expect(blockingDir('/srv/g/x', postgres, stat)).toBe('/srv/g/x');
  });
});

describe('parsePostmasterPid', () => {
  it('reads pid and port', () => {
    expect(parsePostmasterPid('4242\n/data/pgdata\n1732650000\n54321\n\n127.0.0.1\n')).toEqual({
      pid: 4242,
      port: 54321,
    });
  });

  it('rejects empty or garbled files', () => {
    expect(parsePostmasterPid('')).toBeNull();
    expect(parsePostmasterPid('abc\n')).toBeNull();
  });
});
