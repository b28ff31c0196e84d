import { describe, expect, it } from 'vitest';
import type { MessageFlags } from '@pigeon/shared';
import { diffChangedSince, diffListing } from './sync-diff.ts';

const f = (seen = false, flagged = false): MessageFlags => ({ seen, flagged, answered: false, draft: false });

describe('diffListing', () => {
  it('finds added, changed and removed messages, each ascending', () => {
    const before = new Map([
      [1, f(true)],
      [2, f()],
      [3, f()],
      [5, f(false, true)],
    ]);
    const after = new Map([
      [1, f(true)],
      [3, f(true)],
      [5, f()],
      [9, f()],
      [7, f(true)],
    ]);
    expect(diffListing(before, after)).toEqual({
      added: [7, 9],
      changed: [
        { uid: 3, flags: f(true) },
        { uid: 5, flags: f() },
      ],
      removed: [2],
    });
  });

  it('reports nothing for equal listings', () => {
    const same = new Map([[4, f(true, true)]]);
    expect(diffListing(same, new Map(same))).toEqual({ added: [], changed: [], removed: [] });
  });
});

describe('diffChangedSince', () => {
  it('splits rows at the old UIDNEXT and drops vanished rows', () => {
    const rows = [
      { uid: 12, flags: f() },
      { uid: 3, flags: f(true) },
      { uid: 10, flags: f() },
      { uid: 11, flags: f() },
    ];
    expect(diffChangedSince(rows, [4, 11, 2], { uidNext: 10 })).toEqual({
      added: [10, 12],
      changed: [{ uid: 3, flags: f(true) }],
      removed: [2, 4],
    });
  });

  it('does not report a message that arrived and vanished since the token', () => {
    expect(diffChangedSince([], [15], { uidNext: 10 })).toEqual({ added: [], changed: [], removed: [] });
  });
});
