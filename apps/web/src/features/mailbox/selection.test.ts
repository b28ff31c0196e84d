import { describe, expect, it } from 'vitest';
import { toggleSelection } from './selection';

const order = [50, 40, 30, 20, 10];

describe('toggleSelection', () => {
  it('toggles one row', () => {
    expect(toggleSelection(order, [], 30, null, false)).toEqual([30]);
    expect(toggleSelection(order, [30, 10], 30, 30, false)).toEqual([10]);
  });

  it('selects the range from the anchor on shift-click, in list order', () => {
    expect(toggleSelection(order, [40], 10, 40, true)).toEqual([40, 30, 20, 10]);
    expect(toggleSelection(order, [20], 50, 20, true)).toEqual([50, 40, 30, 20]);
  });

  it('clears the range when the shift-clicked row was selected', () => {
    expect(toggleSelection(order, [50, 40, 30, 20], 30, 50, true)).toEqual([20]);
  });
});

describe('toggleSelection over message keys of many folders', () => {
  it('selects a shift-click range across folders, in the results’ order', () => {
    const keys = ['INBOX\n9', 'Sent\n4', '학교\n7', 'INBOX\n3'];
    expect(toggleSelection(keys, ['Sent\n4'], 'INBOX\n3', 'Sent\n4', true)).toEqual(['Sent\n4', '학교\n7', 'INBOX\n3']);
  });
});
