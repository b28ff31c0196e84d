import { computed, onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import type { Virtualizer } from '@tanstack/vue-virtual';
import { whenIdle } from '../../ui/idle';
import { growWindow, placeWindow, type RowWindow } from './list-window';

/**
 * Which rows of a virtual list are in the DOM (list-window.ts, decision 024): placed in the virtualizer's own scroll
 * callback (a sync watcher, before the list renders for the scroll), then filled in idle steps. Also the viewport's
 * first and last row, read from the virtualizer (no layout read).
 */
export function useRowWindow(virtualizer: Ref<Virtualizer<HTMLElement, Element>>, count: () => number) {
  // calculateRange (memoized) rather than the `range` field, which only a call like it brings up to date
  const visibleRange = computed(() => virtualizer.value.calculateRange());
  const firstVisible = computed(() => visibleRange.value?.startIndex ?? -1);
  /** the last row inside the viewport (not the drawn rows beyond it) */
  const lastVisible = computed(() => visibleRange.value?.endIndex ?? -1);
  const rowWindow = shallowRef<RowWindow | null>(null);

  let cancelFill: (() => void) | null = null;
  function fillLater(): void {
    cancelFill ??= whenIdle(() => {
      cancelFill = null;
      const next = rowWindow.value && growWindow(rowWindow.value, count());
      if (!next) return;
      rowWindow.value = next;
      fillLater();
    });
  }
  function place(prev: RowWindow | null): void {
    rowWindow.value = placeWindow(prev, firstVisible.value, lastVisible.value, count());
    fillLater();
  }
  watch([firstVisible, lastVisible, count], () => place(rowWindow.value), { flush: 'sync', immediate: true });
  onBeforeUnmount(() => cancelFill?.());

  return {
    rowWindow,
    firstVisible,
    lastVisible,
    /** another list on screen: nothing drawn for the last one is kept (its viewport may look the same) */
    restart: () => place(null),
  };
}
