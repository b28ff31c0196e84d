import { describe, expect, it } from 'vitest';
import { prefetchWhenIdle, savesData } from './lazy-chunks';

function fakeWindow(saveData?: boolean) {
  const queue: Array<() => void> = [];
  const win = {
    navigator: { connection: saveData === undefined ? undefined : { saveData } },
    requestIdleCallback: (cb: () => void) => queue.push(cb),
  };
  return { win, queue };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('prefetchWhenIdle', () => {
  it('loads each chunk in its own idle period, in order, and goes on after a failure', async () => {
    const { win, queue } = fakeWindow(false);
    const loaded: string[] = [];
    prefetchWhenIdle(
      [
        async () => loaded.push('a'),
        async () => {
          loaded.push('b');
          throw new Error('offline');
        },
        async () => loaded.push('c'),
      ],
      win,
    );
    expect(loaded).toEqual([]);
    for (let i = 0; i < 3; i++) {
      expect(queue.length).toBe(1);
      queue.shift()!();
      await flush();
    }
    expect(loaded).toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
  });

  it('fetches nothing ahead of time when the browser saves data', () => {
    const { win, queue } = fakeWindow(true);
    prefetchWhenIdle([async () => {}], win);
    expect(savesData(win)).toBe(true);
    expect(queue.length).toBe(0);
    expect(savesData(fakeWindow().win)).toBe(false);
  });
});
