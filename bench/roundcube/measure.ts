// One way to time Pigeon and Roundcube alike: from the trusted mousedown/keydown that starts an action (the
// event's own timestamp) until the DOM shows its result and the next frame has been painted, on one clock
// (performance.timeOrigin + now) that survives Roundcube's page loads (its sign-in is a form post).
import type { BrowserContext, Page } from '@playwright/test';

/** What ends a measurement, checked on every DOM change (and iframe load) of the page it is armed on or of the next. */
export type Until =
  /** an element matching `selector` exists */
  | { kind: 'exists'; selector: string }
  /** the first element matching `selector` has an `id`/`data-uid` other than `not` */
  | { kind: 'firstChanged'; selector: string; attribute: string; not: string }
  /** Pigeon's reader shows message `uid` (its subject, and its frame loaded when the body is HTML) */
  | { kind: 'pigeonBody'; uid: string; subject: string }
  /** Roundcube's preview frame shows message `uid` (its document has #messagebody) */
  | { kind: 'roundcubeBody'; uid: string };

const KEY = '__benchTiming';

/** Runs in every page of the context from its first script on (addInitScript). */
function watcher(key: string): void {
  const read = () => JSON.parse(sessionStorage.getItem(key) ?? 'null') as null | Record<string, unknown>;
  const write = (v: Record<string, unknown>) => sessionStorage.setItem(key, JSON.stringify(v));
  const start = (e: Event) => {
    const s = read();
    if (s && s.armed && s.t0 === undefined) write({ ...s, t0: performance.timeOrigin + e.timeStamp });
  };
  addEventListener('mousedown', start, true);
  addEventListener('keydown', start, true);
  const loaded = new WeakSet<EventTarget>();
  const holds = (until: Until): boolean => {
    if (until.kind === 'exists') return !!document.querySelector(until.selector);
    if (until.kind === 'firstChanged') {
      const first = document.querySelector(until.selector);
      return !!first && (first.getAttribute(until.attribute) ?? '') !== until.not;
    }
    if (until.kind === 'pigeonBody') {
      const reader = document.querySelector('[data-testid="reader"]');
      const body = document.querySelector('[data-testid="message-body"]');
      if (!reader || !body || !(reader.textContent ?? '').includes(until.subject)) return false;
      if (body.tagName !== 'IFRAME') return true;
      if (body.getAttribute('data-uid') !== until.uid) return false;
      return loaded.has(body) || body.getAttribute('data-loaded') === 'true';
    }
    const frame = document.querySelector<HTMLIFrameElement>('#messagecontframe');
    const doc = frame?.contentDocument;
    return (
      !!doc &&
      doc.readyState === 'complete' &&
      doc.location.search.includes(`_uid=${until.uid}&`) &&
      !!doc.querySelector('#messagebody')
    );
  };
  let done = false;
  const check = () => {
    const s = read();
    if (done || !s || !s.armed || s.t0 === undefined || s.t1 !== undefined) return;
    if (!holds(s.until as Until)) return;
    done = true;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => write({ ...(read() ?? s), t1: performance.timeOrigin + performance.now() });
      channel.port2.postMessage(0);
    });
  };
  (globalThis as Record<string, unknown>).__benchRearm = () => {
    done = false;
    check();
  };
  document.addEventListener(
    'load',
    (e) => {
      if (e.target instanceof HTMLIFrameElement) loaded.add(e.target);
      check();
    },
    true,
  );
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

/** Call once per context, before its first page. */
export async function installTiming(context: BrowserContext): Promise<void> {
  // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  await context.addInitScript(watcher, KEY);
}

/**
 * Arms the measurement, runs `act` (a Playwright click or key press: trusted events), and waits for `until`
 * (on this page or the one it navigates to). Returns milliseconds.
 */
export async function timeAction(page: Page, act: () => Promise<void>, until: Until): Promise<number> {
  await page.evaluate(
    ([key, until]) => {
      sessionStorage.setItem(key, JSON.stringify({ armed: true, until }));
      (globalThis as unknown as { __benchRearm: () => void }).__benchRearm();
    },
    [KEY, until] as const,
  );
  await act();
  const handle = await page
    .waitForFunction(
      (key) => {
        const s = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { t0?: number; t1?: number } | null;
        return s && s.t0 !== undefined && s.t1 !== undefined ? s.t1 - s.t0 : null;
      },
      KEY,
      { timeout: 60_000, polling: 50 },
    )
    .catch(async (err: unknown) => {
      const state = await page.evaluate((key) => sessionStorage.getItem(key), KEY).catch(() => '?');
      throw new Error(`${page.url()}: ${JSON.stringify(until)} not reached (${state}): ${String(err)}`);
    });
  const ms = (await handle.jsonValue()) as number;
  await page.evaluate((key) => sessionStorage.removeItem(key), KEY);
  return ms;
}
