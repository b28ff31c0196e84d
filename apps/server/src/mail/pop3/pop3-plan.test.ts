import { describe, expect, it } from 'vitest';
import { batchesOf, planCheck, shouldRemove, type LedgerEntry, type Pop3Options } from './pop3-plan.ts';

const keep: Pop3Options = { leaveOnServer: true, deleteAfterDays: null, deleteWhenTrashed: false };
const now = new Date('2026-12-06T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const row = (uidl: string, state: LedgerEntry['state'], storedAt: Date | null = null, removeFromServer = false) =>
  [uidl, { uidl, state, storedAt, removeFromServer }] as const;

describe('planCheck', () => {
  it('downloads what the ledger has not stored, keeps server order, reports what vanished', () => {
    const listing = ['a', 'b', 'c', 'd', 'e'].map((uidl, i) => ({ n: i + 1, uidl }));
    const ledger = new Map([
      row('a', 'stored', daysAgo(1)),
      row('b', 'claimed'),
      row('c', 'previewed'),
      row('d', 'skipped'),
      row('z', 'stored', daysAgo(3)),
    ]);
    const plan = planCheck(listing, ledger, keep, now, 100);
    expect(plan.download.map((e) => e.uidl)).toEqual(['b', 'c', 'e']);
    expect(plan.unseen.map((e) => e.uidl)).toEqual(['b', 'e']);
    expect(plan.remove).toEqual([]);
    expect(plan.gone).toEqual(['z']);
    expect(plan.previewFirst).toBe(false);
  });

  it('previews first when more unseen messages than the threshold wait', () => {
    const listing = Array.from({ length: 11 }, (_, i) => ({ n: i + 1, uidl: `u${i}` }));
    expect(planCheck(listing, new Map(), keep, now, 10).previewFirst).toBe(true);
    expect(planCheck(listing, new Map(), keep, now, 11).previewFirst).toBe(false);
  });

  it('removes stored messages only as the options say', () => {
    const listing = [
      { n: 1, uidl: 'old' },
      { n: 2, uidl: 'new' },
      { n: 3, uidl: 'trashed' },
    ];
    const ledger = new Map([
      row('old', 'stored', daysAgo(8)),
      row('new', 'stored', daysAgo(1)),
      row('trashed', 'stored', daysAgo(1), true),
    ]);
    const uidls = (o: Partial<Pop3Options>) =>
      planCheck(listing, ledger, { ...keep, ...o }, now, 100).remove.map((e) => e.uidl);
    expect(uidls({})).toEqual([]);
    expect(uidls({ leaveOnServer: false })).toEqual(['old', 'new', 'trashed']);
    expect(uidls({ deleteAfterDays: 7 })).toEqual(['old']);
    expect(uidls({ deleteAfterDays: 8 })).toEqual(['old']);
    expect(uidls({ deleteAfterDays: 9 })).toEqual([]);
    expect(uidls({ deleteWhenTrashed: true })).toEqual(['trashed']);
  });

  it('never removes what is not stored', () => {
    expect(shouldRemove({ storedAt: null, removeFromServer: true }, { ...keep, leaveOnServer: false }, now)).toBe(
      false,
    );
  });
});

describe('batchesOf', () => {
  const e = (n: number) => ({ n, uidl: `u${n}` });
  const ns = (b: { n: number }[][]) => b.map((x) => x.map((y) => y.n));
  it('cuts by count and by the listed sizes, and always puts a message in a batch', () => {
    const entries = [1, 2, 3, 4, 5].map(e);
    const sizes = new Map([
      [1, 10],
      [2, 10],
      [3, 100],
      [4, 10],
    ]);
    expect(ns(batchesOf(entries, sizes, 2, 1000))).toEqual([[1, 2], [3, 4], [5]]);
    // 3 alone is over the byte bound: it still gets a batch of its own; 5 has no size (0)
    expect(ns(batchesOf(entries, sizes, 10, 50))).toEqual([[1, 2], [3], [4, 5]]);
    expect(batchesOf([], sizes, 10, 50)).toEqual([]);
  });
});
