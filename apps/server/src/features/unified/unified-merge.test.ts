import { describe, expect, it } from 'vitest';
import { dayRow as row } from '../../../test/summary-rows.ts';
import type { MessageSummary } from '@pigeon/shared';
import { DONE, decodeAnchors, encodeAnchors, mergeAccounts } from './unified-merge.ts';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

describe('mergeAccounts', () => {
  it('takes the newest rows of every account, tags each with its account, and records where each continues', () => {
    const merged = mergeAccounts(
      [
        { accountId: A, rows: [row(9, 20), row(7, 10), row(3, 5)], more: true },
        { accountId: B, rows: [row(40, 15), row(41, 1)], more: false },
        { accountId: C, rows: [row(2, 12)], more: false },
      ],
      {},
      3,
    );
    expect(merged.messages.map((m) => `${m.accountId[0]}:${m.uid}`)).toEqual(['a:9', 'b:40', 'c:2']);
    expect(merged.anchors).toEqual({ [A]: 9, [B]: 40, [C]: DONE });
    expect(merged.more).toBe(true);
  });

  it('pages through every row exactly once, in date order, however the accounts interleave', () => {
    const inboxes: Record<string, MessageSummary[]> = {
      [A]: [row(30, 28), row(29, 20), row(28, 3), row(27, 2)],
      [B]: [row(12, 25), row(11, 21), row(10, 19), row(9, 18), row(8, 1)],
    };
    // each account's server answers "the next `limit` rows before a UID", as MailStore.page does
    const pageOf = (id: string, before: number | undefined, limit: number) => {
      const all = inboxes[id]!;
      const rest = before === undefined ? all : all.filter((r) => r.uid < before);
      return { accountId: id, rows: rest.slice(0, limit), more: rest.length > limit };
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const anchors = decodeAnchors(cursor);
      const sources = [A, B].filter((id) => anchors[id] !== DONE).map((id) => pageOf(id, anchors[id], 2));
      const merged = mergeAccounts(sources, anchors, 2);
      seen.push(...merged.messages.map((m) => m.date.slice(8, 10)));
      if (!merged.more) break;
      cursor = encodeAnchors(merged.anchors);
    }
    expect(seen).toEqual(['28', '25', '21', '20', '19', '18', '03', '02', '01']);
  });

  it('breaks a tie of dates by the order of the accounts (the primary first)', () => {
    const merged = mergeAccounts(
      [
        { accountId: A, rows: [row(1, 4)], more: false },
        { accountId: B, rows: [row(2, 4)], more: false },
      ],
      {},
      1,
    );
    expect(merged.messages[0]?.accountId).toBe(A);
    expect(merged.anchors).toEqual({ [A]: DONE });
    expect(merged.more).toBe(true);
  });
});

describe('the unified cursor', () => {
  it('round-trips its anchors', () => {
    const anchors = { [A]: 5, [B]: DONE };
    expect(decodeAnchors(encodeAnchors(anchors))).toEqual(anchors);
    expect(decodeAnchors(undefined)).toEqual({});
  });

  it('refuses anything it did not write with unified.invalid_cursor', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = [
      'nonsense',
      enc(null),
      enc({ u: 2, a: {} }),
      enc({ u: 1, a: [] }),
      enc({ u: 1, a: { 'not-an-account': 3 } }),
      enc({ u: 1, a: { [A]: -1 } }),
      enc({ u: 1, a: { [A]: 1.5 } }),
      enc({ u: 1, a: { [A]: '3' } }),
      enc({ v: 1, a: { INBOX: 3 } }),
    ];
    for (const cursor of bad) expect(() => decodeAnchors(cursor), cursor).toThrow(/no longer valid/);
    const tooMany = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`${String(i).padStart(8, '0')}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`, 1]),
    );
    expect(() => decodeAnchors(enc({ u: 1, a: tooMany }))).toThrow(/no longer valid/);
  });
});
