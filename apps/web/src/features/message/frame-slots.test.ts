import { describe, expect, it } from 'vitest';
import { assignFrames, neighboursOf } from './frame-slots';

describe('assignFrames', () => {
  it('fills empty frames in order of preference', () => {
    expect(assignFrames([null, null, null], new Set(['a', 'b']), ['a', 'b'])).toEqual(['a', 'b', null]);
  });

  it('keeps a frame that is still wanted where it is, so its document is not loaded again', () => {
    // j: the next message (b) becomes the open one, a becomes the previous, c is the new next
    const frames = assignFrames(['a', 'b', 'z'], new Set(['b', 'a', 'c']), ['b', 'c']);
    expect(frames).toEqual(['a', 'b', 'c']);
  });

  it('reuses frames of messages no longer wanted, empty ones first, and leaves the others as they are', () => {
    expect(assignFrames(['a', 'b', 'c'], new Set(['x', 'y']), ['x', 'y'])).toEqual(['x', 'y', 'c']);
    expect(assignFrames(['a', null, 'c'], new Set(['c', 'x']), ['x'])).toEqual(['a', 'x', 'c']);
  });

  it('shows a frame kept from before without loading it again when its message comes back', () => {
    expect(assignFrames(['a', 'b', 'c'], new Set(['c', 'd']), ['c', 'd'])).toEqual(['d', 'b', 'c']);
  });

  it('does not duplicate a URL and leaves out what does not fit', () => {
    expect(assignFrames(['a', null], new Set(['a', 'b', 'c']), ['a', 'a', 'b', 'c'])).toEqual(['a', 'b']);
  });

  it('moves the open message to another URL when remote content is allowed (same frame count)', () => {
    const keep = new Set(['m?remote=true', 'n']);
    expect(assignFrames(['m', 'n', null], keep, ['m?remote=true'])).toEqual(['m', 'n', 'm?remote=true']);
  });
});

describe('neighboursOf', () => {
  it('gives the older message first, then the newer one', () => {
    expect(neighboursOf([9, 7, 5, 3], 7)).toEqual([5, 9]);
  });

  it('has one neighbour at either end and none for an unknown uid', () => {
    expect(neighboursOf([9, 7], 9)).toEqual([7]);
    expect(neighboursOf([9, 7], 7)).toEqual([9]);
    expect(neighboursOf([9, 7], 4)).toEqual([]);
  });
});
