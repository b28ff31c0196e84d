import { describe, expect, it } from 'vitest';
import type { AdminRepository, SessionSummary } from './admin.repository.ts';
import { UsageError, runAdminCommand } from './admin.service.ts';

const session = (email: string, id: string): SessionSummary => ({
  id,
  email,
  userAgent: 'Firefox',
  mailHost: 'imap.school.example',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  lastSeenAt: new Date('2026-01-02T00:00:00Z'),
  expiresAt: new Date('2026-02-01T00:00:00Z'),
});

function fakeRepo(): AdminRepository & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    activeSessions: async (_now, email) => {
      calls.push(`sessions ${email ?? '*'}`);
      return [session('a@school.example', 's1'), session('a@school.example', 's2'), session('b@school.example', 's3')];
    },
    deleteSessionsOf: async (email) => (calls.push(`delete ${email}`), ['s1', 's2']),
    countSignedInUsers: async () => 2,
    outboxDepth: async () => 0,
    discovered: async () => [],
    clearDiscovered: async (domain) => (calls.push(`clear ${domain ?? '*'}`), domain ? 1 : 4),
  };
}

describe('runAdminCommand', () => {
  it('lists sessions with a count of users', async () => {
    const out = await runAdminCommand(['sessions'], { repo: fakeRepo() });
    expect(out.split('\n')).toHaveLength(4);
    expect(out).toContain('a@school.example\ts1\tlast seen 2026-01-02T00:00:00Z');
    expect(out).toMatch(/3 session\(s\), 2 user\(s\)\.$/);
  });

  it('signs one address out everywhere', async () => {
    const repo = fakeRepo();
    expect(await runAdminCommand(['sign-out', 'A@school.example'], { repo })).toBe(
      'Signed A@school.example out of 2 session(s).',
    );
    expect(repo.calls).toEqual(['delete A@school.example']);
  });

  it('shows and clears the discovery cache', async () => {
    const repo = fakeRepo();
    expect(await runAdminCommand(['discovery'], { repo })).toBe('No cached discovery results.');
    expect(await runAdminCommand(['discovery', 'clear', 'school.example'], { repo })).toBe(
      'Removed 1 cached discovery result(s) for school.example.',
    );
    expect(await runAdminCommand(['discovery', 'clear'], { repo })).toBe('Removed 4 cached discovery result(s).');
  });

  it('answers usage for unknown or incomplete commands', async () => {
    await expect(runAdminCommand(['reboot'], { repo: fakeRepo() })).rejects.toThrow(UsageError);
    await expect(runAdminCommand(['sign-out'], { repo: fakeRepo() })).rejects.toThrow(/usage: npm run admin/);
    await expect(runAdminCommand(['discovery', 'purge'], { repo: fakeRepo() })).rejects.toThrow(UsageError);
  });
});
