import { describe, expect, it } from 'vitest';
import { threadsOfAnswer } from './thread.ts';

const a = (value: number | string) => ({ type: 'ATOM', value: String(value) });

describe('threadsOfAnswer', () => {
  it('reads one thread per top-level parenthesis, nested replies included', () => {
    // (3 6 (4 23)(44 7 96))(2)((5)(9)) as imapflow parses it
    const answer = [[a(3), a(6), [a(4), a(23)], [a(44), a(7), a(96)]], [a(2)], [[a(5)], [a(9)]]];
    expect(threadsOfAnswer(answer, 100)).toEqual([[3, 4, 6, 7, 23, 44, 96], [2], [5, 9]]);
  });
  it('stops at the bound and ignores junk', () => {
    const answer = [
      [a(1), a('x'), a(-4), a(2)],
      [a(3), a(4)],
    ];
    expect(threadsOfAnswer(answer, 3)).toEqual([[1, 2], [3]]);
  });
  it('survives deep nesting', () => {
    let deep: unknown[] = [a(1)];
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => threadsOfAnswer([deep as never], 10)).not.toThrow();
  });
  it('answers nothing for no answer', () => {
    expect(threadsOfAnswer(undefined, 10)).toEqual([]);
  });
});
