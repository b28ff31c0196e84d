import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { currentAccount } from '../../api/account';
import { savesData } from '../../lazy-chunks';
import { whenIdle } from '../../ui/idle';
import { showToast } from '../../ui/toast';
import { useSyncStore } from '../sync/sync.store';
import { offline, refreshDevice, type Replayed } from './offline';

/** The device's copy is brought up to date at most this often while the mail page stays open. */
const REFRESH_MS = 10 * 60 * 1000;

/**
 * The mail page's side of offline reading (decision 031): once the first rows are in, the device's copy is
 * brought up to date (never on a data saver); when the connection returns, what was done offline is sent, in
 * order, and `afterReplay` reloads what is on screen.
 */
/** Outcomes already shown: the 'online' event and the socket coming back both ask for one run. */
const reported = new WeakSet<Replayed>();

export function useDeviceMail(afterReplay: () => void) {
  const { t } = useI18n();
  const sync = useSyncStore();
  let timer: ReturnType<typeof setInterval> | undefined;

  function report(replayed: Replayed | null): void {
    if (!replayed || replayed.done + replayed.refused + replayed.sent === 0) return;
    // callers that asked while a run was going share its outcome: tell it once
    if (reported.has(replayed)) return;
    reported.add(replayed);
    if (replayed.done) showToast(t('offline.replayed', { n: replayed.done }, replayed.done));
    if (replayed.sent) showToast(t('offline.sent', { n: replayed.sent }, replayed.sent));
    if (replayed.refused) showToast(t('offline.refused', { n: replayed.refused }, replayed.refused), 'error');
    afterReplay();
  }

  const refresh = () => void refreshDevice(currentAccount()).then(report);

  /** after the first rows: the first screen never waits for the device's copy */
  function start(): void {
    if (savesData(window as unknown as Parameters<typeof savesData>[0])) return;
    whenIdle(refresh, { timeoutMs: 3000, fallbackMs: 200 });
    timer ??= setInterval(refresh, REFRESH_MS);
  }

  const back = () => {
    offline.value = !navigator.onLine;
    if (navigator.onLine) refresh();
  };
  const gone = () => (offline.value = true);
  onMounted(() => {
    window.addEventListener('online', back);
    window.addEventListener('offline', gone);
  });
  // the socket came back (the server was unreachable while the browser thought it was online)
  watch(
    () => sync.state,
    (state, before) => {
      if (state === 'live' && before !== 'live' && offline.value) back();
    },
  );
  onBeforeUnmount(() => {
    window.removeEventListener('online', back);
    window.removeEventListener('offline', gone);
    clearInterval(timer);
  });

  return { start };
}
