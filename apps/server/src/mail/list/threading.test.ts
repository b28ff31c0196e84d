import { describe, expect, it } from 'vitest';
import { messageIds, threadMessages, type ThreadInput } from './threading.ts';

let clock = 0;
const msg = (uid: number, subject: string, messageId: string | null, references: string[] = []): ThreadInput => ({
  uid,
  subject,
  messageId,
  references,
  date: (clock += 1000),
});
const sorted = (threads: number[][]) => threads.map((t) => t.join(',')).sort();

describe('messageIds', () => {
  it('reads ids in order, lower-cased, skipping junk between them', () => {
    expect(messageIds(' <A@x.test>\r\n\t<b@Y.test> junk <c d@z> <>')).toEqual(['a@x.test', 'b@y.test']);
  });
  it('keeps the last ones of a very long header', () => {
    const header = Array.from({ length: 120 }, (_, i) => `<m${i}@x>`).join(' ');
    const ids = messageIds(header);
    expect(ids).toHaveLength(50);
    expect(ids.at(-1)).toBe('m119@x');
  });
  it('answers nothing for no header', () => {
    expect(messageIds(undefined)).toEqual([]);
  });
});

describe('threadMessages', () => {
  it('links replies by References and In-Reply-To', () => {
    const threads = threadMessages([
      msg(1, 'Plan', 'a@x'),
      msg(2, 'Re: Plan', 'b@x', ['a@x']),
      msg(3, 'Re: Plan', 'c@x', ['a@x', 'b@x']),
      msg(4, 'Other', 'd@x'),
    ]);
    expect(sorted(threads)).toEqual(['1,2,3', '4']);
  });

  it('keeps children of a missing parent together', () => {
    // the first message was deleted: both replies still name it
    const threads = threadMessages([
      msg(5, 'Re: Trip', 'r1@x', ['gone@x']),
      msg(9, 'Re: Trip (late)', 'r2@x', ['gone@x', 'r1@x']),
      msg(7, 'Unrelated', 'u@x'),
    ]);
    expect(sorted(threads)).toEqual(['5,9', '7']);
  });

  it('links through a missing middle message', () => {
    const threads = threadMessages([
      msg(1, 'Start', 'a@x'),
      msg(3, 'Re: Start', 'c@x', ['a@x', 'missing@x']),
      msg(4, 'Different words', 'd@x', ['missing@x']),
    ]);
    expect(sorted(threads)).toEqual(['1,3,4']);
  });

  it('groups by subject alone when no header links messages', () => {
    const threads = threadMessages([
      msg(1, 'Lunch on Friday?', null),
      msg(2, 'RE: Lunch on Friday?', null),
      msg(3, 'Fwd: lunch on friday?', 'f@x'),
      msg(4, 'Lunch on Friday? notes', null),
    ]);
    expect(sorted(threads)).toEqual(['1,2,3', '4']);
  });

  it('groups Korean reply prefixes by subject', () => {
    expect(sorted(threadMessages([msg(1, '학교 소식', null), msg(2, '답장: 학교 소식', null)]))).toEqual(['1,2']);
  });

  it('does not group empty subjects', () => {
    expect(sorted(threadMessages([msg(1, '', null), msg(2, 'Re:', null), msg(3, '  ', 'z@x')]))).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('merges by the root subject only, not by a reply that changed it', () => {
    const threads = threadMessages([
      msg(1, 'Budget', 'a@x'),
      msg(2, 'Re: Budget (new subject: Party)', 'b@x', ['a@x']),
      msg(3, 'Re: Budget (new subject: Party)', null),
    ]);
    expect(sorted(threads)).toEqual(['1,2', '3']);
  });

  it('survives reference loops and a message naming itself', () => {
    const threads = threadMessages([
      msg(1, 'Loop', 'a@x', ['b@x', 'a@x']),
      msg(2, 'Loop 2', 'b@x', ['a@x']),
      msg(3, 'Self', 'c@x', ['c@x']),
    ]);
    expect(sorted(threads)).toEqual(['1,2', '3']);
  });

  it('treats copies with the same Message-ID as one conversation', () => {
    expect(sorted(threadMessages([msg(1, 'A', 'same@x'), msg(2, 'B', 'same@x')]))).toEqual(['1,2']);
  });
});
