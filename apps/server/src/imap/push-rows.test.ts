import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { pushableRows } from './push-rows.ts';

const row = (uid: number, subject = `s${uid}`): MessageSummary => ({
  uid,
  from: { name: 'A', address: 'a@example.test' },
  fromIsAddress: true,
  to: [{ name: '', address: 'b@example.test' }],
  subject,
  date: '2026-12-07T00:00:00.000Z',
  size: 100,
  flags: { seen: false, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: 'hello',
});

describe('pushableRows', () => {
  it('returns the rows in the order of the UIDs when every one is there and they fit', () => {
    expect(pushableRows([3, 4], [row(4), row(3)])?.map((r) => r.uid)).toEqual([3, 4]);
  });

  it('gives up (ids only) when a row is missing, there are too many, or they are too big', () => {
    expect(pushableRows([3, 4], [row(3)])).toBeUndefined();
    expect(pushableRows([1, 2, 3], [row(1), row(2), row(3)], { rows: 2, bytes: 1e6 })).toBeUndefined();
    expect(pushableRows([1], [row(1, 'x'.repeat(5_000))], { rows: 50, bytes: 4_096 })).toBeUndefined();
    expect(pushableRows([], [])).toBeUndefined();
  });

  it('counts bytes, not characters (Korean subjects are 3 bytes a character)', () => {
    const korean = row(1, '학'.repeat(1_000));
    expect(pushableRows([1], [korean], { rows: 50, bytes: 2_500 })).toBeUndefined();
    expect(pushableRows([1], [korean], { rows: 50, bytes: 4_000 })).toHaveLength(1);
  });
});
