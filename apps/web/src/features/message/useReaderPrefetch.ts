import { computed, onBeforeUnmount, reactive, ref, watch, type Ref } from 'vue';
import { accountRoutes, currentAccount } from '../../api/account';
import { deviceMail, offline } from '../offline/offline';
import { assignFrames, neighboursOf } from './frame-slots';
import { hoverIntent } from './hover-intent';
import { linkifyAhead } from './linkify-ahead';
import { afterPaintWhenIdle } from '../../ui/idle';
import { savesData } from '../../lazy-chunks';
import { messageKey, useMessageStore } from './message.store';

/** the open message, its next and its previous one, the row the mouse rests on */
const FRAMES = 4;

export interface ReaderFrame {
  url: string | null;
  uid: number | null;
  /** the frame's document has loaded (it may still be hidden) */
  loaded: boolean;
}

/**
 * The reader's frames and what it loads ahead. Once the open message is on screen it is marked read (a POST;
 * a GET changes nothing), and its next and previous messages are loaded: detail, and for HTML a body rendered
 * in a hidden frame, so j/k only unhides a painted frame; so is the row the mouse rests on (a likely click).
 * Memory is bounded: four frames, and detail requests of messages no longer ahead are cancelled. Nothing loaded
 * ahead is marked read. With data saver on, nothing is loaded ahead (as for the other load-ahead paths).
 */
export function useReaderPrefetch(view: { path: string; uid: Ref<number | null>; listKey: Ref<string> }) {
  const messages = useMessageStore();
  const path = view.path;
  /** remote content allowed, per message, while this folder is open */
  const remoteAllowed = reactive(new Set<number>());
  const frames = reactive<ReaderFrame[]>(
    Array.from({ length: FRAMES }, () => ({ url: null, uid: null, loaded: false })),
  );
  /**
   * neighbours' frames are added only once the open message is on screen, so they never compete with it; with no
   * message open, the row the mouse rests on (or presses) loads at once: the first open finds its body ahead too
   */
  const prefetching = ref(view.uid.value === null);
  const controllers = new Map<number, AbortController>();
  const urlOf = (uid: number) => accountRoutes.messageBody(path, uid, remoteAllowed.has(uid));

  const detail = computed(() => (view.uid.value === null ? undefined : messages.cachedDetail(path, view.uid.value)));
  // j/k and prefetching follow the list on screen (a search or sort), not the folder's own order
  const neighbours = computed(() =>
    view.uid.value === null ? [] : neighboursOf(messages.lists[view.listKey.value]?.uids ?? [], view.uid.value),
  );
  // read once: the reader is re-created per folder
  const savingData = savesData(window as unknown as Parameters<typeof savesData>[0]);
  const intent = computed(() => {
    const rest = hoverIntent.value;
    return rest && rest.path === path && rest.uid !== view.uid.value ? rest.uid : null;
  });
  /** what is loaded ahead, most likely next first; nothing on a data saver */
  const ahead = computed(() =>
    savingData ? [] : [...new Set([...(intent.value === null ? [] : [intent.value]), ...neighbours.value])],
  );
  const currentUrl = computed(() => (view.uid.value === null ? null : urlOf(view.uid.value)));
  /** unknown yet (detail on its way) counts as HTML: the body then loads alongside the detail */
  const currentWantsFrame = computed(() => view.uid.value !== null && (detail.value?.hasHtml ?? true));
  const shownFrame = computed(() =>
    detail.value?.hasHtml ? frames.find((f) => f.url === currentUrl.value) : undefined,
  );
  /** the open message's body is on screen: its frame has loaded, or it has no HTML body */
  const displayed = computed(() => !!detail.value && (!detail.value.hasHtml || !!shownFrame.value?.loaded));

  watch(
    () => {
      const open = view.uid.value;
      const uids = open === null ? ahead.value : [open, ...ahead.value];
      const add = open !== null && currentWantsFrame.value ? [open] : [];
      // the hovered row's body loads alongside its detail (like an open one); neighbours' once their detail is in
      if (prefetching.value)
        add.push(...ahead.value.filter((n) => messages.cachedDetail(path, n)?.hasHtml ?? n === intent.value));
      return { urls: new Map(uids.map((uid) => [urlOf(uid), uid])), add: add.map(urlOf) };
    },
    ({ urls, add }) => {
      const next = assignFrames(
        frames.map((f) => f.url),
        new Set(urls.keys()),
        add,
      );
      next.forEach((url, i) => {
        const frame = frames[i]!;
        if (frame.url === url) return;
        Object.assign(frame, { url, uid: url === null ? null : (urls.get(url) ?? null), loaded: false });
      });
    },
    { immediate: true },
  );

  /**
   * Offline, a frame shows the device's copy of its document (`srcdoc`, under the server's CSP as a meta tag
   * and the same sandbox): by body URL, filled in once read from the device.
   */
  const docs = reactive<Record<string, string>>({});
  watch(
    () => (offline.value ? frames.map((f) => (f.url && f.uid !== null && !docs[f.url] ? [f.url, f.uid] : null)) : []),
    async (wanted) => {
      // online there is nothing to read from the device: its code (a chunk) is not fetched for that
      if (!wanted.some(Boolean)) return;
      const device = await deviceMail();
      for (const entry of wanted) {
        if (!entry || !device) continue;
        const [url, uid] = entry as [string, number];
        const doc = await device.document(currentAccount(), path, uid).catch(() => undefined);
        if (doc) docs[url] = doc;
      }
    },
    { immediate: true },
  );

  function onFrameLoad(index: number, url: string): void {
    const frame = frames[index];
    if (frame?.url === url) frame.loaded = true;
  }

  watch(view.uid, (uid) => (prefetching.value = uid === null));
  // cancel what stopped being ahead; an open message's own request is never cancelled
  watch(
    [view.uid, ahead],
    () => {
      const wanted = new Set<number | null>([view.uid.value, ...ahead.value]);
      for (const [uid, controller] of controllers)
        if (!wanted.has(uid)) {
          controller.abort();
          controllers.delete(uid);
        }
    },
    { immediate: true },
  );

  async function prefetchDetails(): Promise<void> {
    for (const uid of ahead.value) {
      // one at a time, re-checked each time: what stopped being ahead meanwhile is skipped
      if (!ahead.value.includes(uid) || messages.cachedDetail(path, uid) || controllers.has(uid)) continue;
      const controller = new AbortController();
      controllers.set(uid, controller);
      try {
        await messages.loadDetail(path, uid, controller.signal);
      } catch {
        // aborted, or failed: a message that fails to load ahead is loaded again when opened
      } finally {
        if (controllers.get(uid) === controller) controllers.delete(uid);
      }
    }
  }

  // the plain texts of what is ahead are split into links while the page is idle (j/k then only paints them)
  watch(
    () =>
      prefetching.value
        ? ahead.value.flatMap((uid) => {
            const d = messages.cachedDetail(path, uid);
            return d && !d.hasHtml && d.text ? [d.text] : [];
          })
        : [],
    (texts, before) => linkifyAhead(texts.filter((text) => !before?.includes(text))),
  );

  watch(intent, (uid) => {
    if (uid !== null && prefetching.value) void prefetchDetails();
  });

  let marked: string | null = null;
  watch(
    () => (displayed.value && view.uid.value !== null ? messageKey(path, view.uid.value) : null),
    (key) => {
      if (key === null) return;
      // after the frame that shows it has been painted (an animation frame callback would run before that paint), when
      // the page is idle: the next j/k comes first
      afterPaintWhenIdle(() => {
        const uid = view.uid.value;
        if (!displayed.value || uid === null || messageKey(path, uid) !== key) return;
        prefetching.value = true;
        void prefetchDetails();
        if (marked === key) return;
        marked = key;
        const seen = messages.summary(path, uid)?.flags.seen ?? detail.value?.flags.seen;
        if (seen === false) messages.act(path, 'markRead', [uid]).catch(() => {}); // act restores the flag itself
      });
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    for (const controller of controllers.values()) controller.abort();
    controllers.clear();
  });

  return {
    frames,
    docs,
    currentUrl,
    displayed,
    remote: computed(() => view.uid.value !== null && remoteAllowed.has(view.uid.value)),
    allowRemote: () => void (view.uid.value !== null && remoteAllowed.add(view.uid.value)),
    onFrameLoad,
  };
}
