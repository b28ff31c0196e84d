import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRouter } from 'vue-router';
import type { ListProgress } from '@pigeon/shared';
import { useMessageStore } from './message.store';
import { defQuery, isFolderList, isSearch, listKey, type ListDef } from './list-def';

/** a sort done sooner than this shows only the list's loading rows */
export const SORT_PROGRESS_AFTER_MS = 300;

/**
 * A sort Pigeon's server does itself (the mail server has no SORT, decision 048 part 4): how far it is, once it has
 * run a moment, and `cancel`, which stops it and goes back to the order shown before. Leaving the list (another sort,
 * filter, search or folder) stops its first page if it is still loading, and with it the server's work.
 */
export function useSortProgress(def: () => ListDef) {
  const messages = useMessageStore();
  const router = useRouter();
  const previous = ref<Pick<ListDef, 'sort' | 'order'>>({ sort: 'date', order: 'desc' });
  const running = computed<ListProgress | null>(() => {
    const list = messages.lists[listKey(def())];
    return list && !list.loaded && list.loading ? (list.progress ?? null) : null;
  });
  const shown = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => running.value !== null,
    (on) => {
      clearTimeout(timer);
      shown.value = false;
      if (on) timer = setTimeout(() => (shown.value = true), SORT_PROGRESS_AFTER_MS);
    },
  );
  const stopLoading = (d: ListDef) => {
    const list = messages.lists[listKey(d)];
    if (list && !list.loaded && list.loading && !isFolderList(d)) messages.cancelHead(d);
  };
  watch(def, (next, prev) => {
    if (listKey(next) === listKey(prev)) return;
    stopLoading(prev);
    if (prev.path !== next.path) previous.value = { sort: 'date', order: 'desc' };
    else if (prev.sort !== next.sort || prev.order !== next.order)
      previous.value = { sort: prev.sort, order: prev.order };
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    stopLoading(def());
  });
  function cancel() {
    const back = { ...def(), ...previous.value };
    messages.cancelHead(def());
    void router.replace({
      name: isSearch(back) ? 'search' : 'mail',
      params: { folder: back.path },
      query: defQuery(back),
    });
  }
  return { progress: computed(() => (shown.value ? running.value : null)), cancel };
}
