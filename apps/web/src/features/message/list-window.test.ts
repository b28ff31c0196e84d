import { describe, expect, it } from 'vitest';
import { growWindow, placeWindow, rowInView, type RowWindow } from './list-window';

/** idle steps until there is nothing left to do */
function settle(w: RowWindow, count: number): RowWindow {
  for (let next = growWindow(w, count); next; next = growWindow(w, count)) w = next;
  return w;
}

describe('placeWindow', () => {
  it('first paint: the viewport and a few rows, not a page', () => {
    expect(placeWindow(null, 0, 13, 150, 4)).toEqual({ start: 0, end: 17, first: 0, last: 13, reach: 4 });
  });

  it('nothing to show: no window', () => {
    expect(placeWindow(null, 0, 13, 0)).toBeNull();
    expect(placeWindow(null, -1, -1, 10)).toBeNull();
  });

  it('a page scrolled after the list filled in: the rows on screen are there already, nothing is removed', () => {
    const filled = settle(placeWindow(null, 0, 13, 200, 4)!, 200);
    expect(filled).toMatchObject({ start: 0, end: 63, reach: 50 });
    const moved = placeWindow(filled, 50, 63, 200, 4, 100)!;
    // 64..67 are the only new rows; 0..49 stay until the idle steps
    expect(moved).toEqual({ start: 0, end: 67, first: 50, last: 63, reach: 4 });
  });

  it('idle steps fill a page on each side, ten rows at a time, then drop what is beyond it', () => {
    let w = placeWindow(null, 100, 113, 400, 4, 100)!;
    w = placeWindow({ ...w, start: 20, end: 117, first: 90, last: 103 }, 100, 113, 400, 4, 100)!;
    expect(w).toMatchObject({ start: 20, end: 117 });
    const steps: [number, number][] = [];
    for (let next = growWindow(w, 400); next; next = growWindow(w, 400)) {
      steps.push([next.start, next.end]);
      w = next;
    }
    expect(steps).toEqual([
      [20, 127],
      [20, 137],
      [20, 147],
      [20, 157],
      [50, 163],
    ]);
  });

  it('a jump far away starts afresh', () => {
    const filled = settle(placeWindow(null, 0, 13, 50_000)!, 50_000);
    expect(placeWindow(filled, 9000, 9013, 50_000, 4)).toEqual({
      start: 8996,
      end: 9017,
      first: 9000,
      last: 9013,
      reach: 4,
    });
  });

  it('a still viewport keeps the same window (no re-render), shrinks with the list, and grows when a page arrives', () => {
    const filled = settle(placeWindow(null, 0, 13, 60)!, 60);
    expect(filled).toMatchObject({ start: 0, end: 59 });
    expect(placeWindow(filled, 0, 13, 60)).toBe(filled);
    expect(placeWindow(filled, 0, 13, 40)).toMatchObject({ start: 0, end: 39 });
    expect(growWindow(filled, 200)).toMatchObject({ start: 0, end: 63 });
  });

  it('clamps a viewport reported past the end of a shrunk list', () => {
    expect(placeWindow(null, 5, 30, 10, 4)).toEqual({ start: 1, end: 9, first: 5, last: 9, reach: 4 });
  });
});

describe('rowInView', () => {
  it('a row wholly on screen needs no scroll; one cut by either edge or off screen does', () => {
    // rows of 64 px, viewport 640 px from 640: rows 10..19 fit
    expect(rowInView(10, 64, 640, 640)).toBe(true);
    expect(rowInView(19, 64, 640, 640)).toBe(true);
    expect(rowInView(9, 64, 640, 640)).toBe(false);
    expect(rowInView(20, 64, 640, 640)).toBe(false);
    expect(rowInView(10, 64, 641, 640)).toBe(false); // its top is scrolled off by a pixel
    expect(rowInView(19, 64, 639, 640)).toBe(false); // its bottom is below the edge by a pixel
  });

  it('what the virtualizer does not know yet counts as not in view (it scrolls, as before)', () => {
    expect(rowInView(0, 64, null, 640)).toBe(false);
    expect(rowInView(0, 64, 0, undefined)).toBe(false);
    expect(rowInView(0, 64, 0, 0)).toBe(false);
  });
});
