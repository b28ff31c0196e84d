import { inject, provide, type InjectionKey } from 'vue';
import { whenIdle } from './idle';

/** Runs `work` once the page's first rows are painted (at once outside such a page). */
export type AfterFirstRows = (work: () => void) => void;

const KEY: InjectionKey<AfterFirstRows> = Symbol('afterFirstRows');

/**
 * A gate for work a page's parts start at mount that its first rows do not need (quota, accounts, outbox,
 * preferences, the live socket; decision 036): it waits until `open()` is called once the rows are in, then for the
 * browser's first idle moment after that frame (200 ms at the latest). Pure: the page provides it to its parts.
 */
export function createAfterFirstRows(
  idle: (cb: () => void, timeoutMs: number) => void = (cb, timeoutMs) => void whenIdle(cb, { timeoutMs }),
) {
  let opened = false;
  let ran = false;
  let closed = false;
  const waiting: (() => void)[] = [];
  const runAll = () => {
    if (closed) return;
    ran = true;
    for (const work of waiting.splice(0)) work();
  };
  return {
    after: ((work) => (ran ? work() : void waiting.push(work))) as AfterFirstRows,
    open(): void {
      if (opened) return;
      opened = true;
      idle(runAll, 200);
    },
    /** the page went away first: what still waits never runs */
    close(): void {
      closed = true;
      waiting.length = 0;
    },
  };
}

export type FirstRowsGate = ReturnType<typeof createAfterFirstRows>;

/** The page's side: its parts' `useAfterFirstRows()` wait for the gate's `open()`. */
export function provideAfterFirstRows(): FirstRowsGate {
  const gate = createAfterFirstRows();
  provide(KEY, gate.after);
  return gate;
}

/** A part's side: the gate of the page it is on, or none (run at once). */
export function useAfterFirstRows(): AfterFirstRows {
  return inject(KEY, (work: () => void) => work());
}
