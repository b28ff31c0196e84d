import { describe, expect, it } from 'vitest';
import { draggedUids, readDraggedMessages } from './drag';

describe('message drags', () => {
  it('carries the selection when the grabbed row is in it, else the row alone', () => {
    expect(draggedUids([3, 5, 9], 5)).toEqual([3, 5, 9]);
    expect(draggedUids([3, 5, 9], 7)).toEqual([7]);
  });
  it('reads only well-formed payloads', () => {
    expect(readDraggedMessages(JSON.stringify({ path: '학교', uids: [1, 2] }))).toEqual({ path: '학교', uids: [1, 2] });
    for (const raw of ['', 'x', '{}', '{"path":1,"uids":[1]}', '{"path":"a","uids":[]}', '{"path":"a","uids":[1.5]}'])
      expect(readDraggedMessages(raw), raw).toBeNull();
  });
});
