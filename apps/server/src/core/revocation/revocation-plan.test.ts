import { describe, expect, it } from 'vitest';
import { goneAccounts, MAX_TIMER_MS, msUntilExpiry, planRevocation } from './revocation-plan.ts';

describe('planRevocation', () => {
  it('disconnects the sockets and releases the IMAP use of sessions the database no longer has', () => {
    const plan = planRevocation(
      [
        { sessionId: 's1', socketId: 'k1' },
        { sessionId: 's1', socketId: 'k2' },
        { sessionId: 's2', socketId: 'k3' },
        { sessionId: 's1' },
        { sessionId: 's3' },
      ],
      new Set(['s2']),
    );
    expect(plan).toEqual({ disconnect: ['k1', 'k2'], release: ['s1', 's3'], closeUser: false });
  });

  it('closes everything of the user when no session is left, even with nothing held here', () => {
    expect(planRevocation([], new Set())).toEqual({ disconnect: [], release: [], closeUser: true });
    expect(planRevocation([{ sessionId: 's1', socketId: 'k1' }], new Set()).closeUser).toBe(true);
  });

  it('plans nothing for sessions that are still valid (a second notice for the same change)', () => {
    expect(planRevocation([{ sessionId: 's1', socketId: 'k1' }], new Set(['s1']))).toEqual({
      disconnect: [],
      release: [],
      closeUser: false,
    });
  });
});

describe('msUntilExpiry', () => {
  it('is the time left, never negative, and capped for setTimeout', () => {
    expect(msUntilExpiry(new Date(1_500), 1_000)).toBe(500);
    expect(msUntilExpiry(new Date(500), 1_000)).toBe(0);
    expect(msUntilExpiry(new Date(Date.UTC(2030, 0, 1)), Date.UTC(2026, 0, 1))).toBe(MAX_TIMER_MS);
  });
});

describe('goneAccounts', () => {
  it('names each held account whose row is gone once, and none that still exists', () => {
    expect(goneAccounts(['a1', 'a2', 'a2', 'a3'], new Set(['a1']))).toEqual(['a2', 'a3']);
    expect(goneAccounts(['a1'], new Set(['a1', 'a9']))).toEqual([]);
    expect(goneAccounts([], new Set())).toEqual([]);
  });
});
