import { describe, expect, it } from 'vitest';
import type { RouterHistory } from 'vue-router';
import { paintFirstHistory } from './paint-first-history';

/** A router history that records what reached the browser's history, with a manual "after the paint". */
function setup() {
  const written: string[] = [];
  let location = '/mail/INBOX/1';
  const base = {
    base: '',
    get location() {
      return location;
    },
    state: {},
    push: (to: string) => {
      written.push(`push ${to}`);
      location = to;
    },
    replace: (to: string, data?: Record<string, unknown>) => {
      written.push(`replace ${to}${data ? ` ${JSON.stringify(data)}` : ''}`);
      location = to;
    },
    go: (delta: number) => written.push(`go ${delta}`),
    listen: () => () => {},
    createHref: (to: string) => to,
    destroy: () => written.push('destroy'),
  } as unknown as RouterHistory;
  const paints: (() => void)[] = [];
  const listeners = new Map<string, () => void>();
  const history = paintFirstHistory(
    base,
    (write) => paints.push(write),
    (type, listener) => listeners.set(type, listener),
  );
  const paint = () => paints.splice(0).forEach((write) => write());
  const fire = (type: string) => listeners.get(type)?.();
  return { history, written, paint, fire };
}

describe('paintFirstHistory', () => {
  it('a replace reaches the browser after the paint; the router sees its location at once', () => {
    const { history, written, paint } = setup();
    history.replace('/mail/INBOX/2', { scroll: null });
    expect(written).toEqual([]);
    expect(history.location).toBe('/mail/INBOX/2');
    paint();
    expect(written).toEqual(['replace /mail/INBOX/2 {"scroll":null}']);
    expect(history.location).toBe('/mail/INBOX/2');
  });

  it('replaces before the paint are one write, of the last', () => {
    const { history, written, paint } = setup();
    history.replace('/mail/INBOX/2');
    history.replace('/mail/INBOX/3');
    history.replace('/mail/INBOX/4');
    paint();
    expect(written).toEqual(['replace /mail/INBOX/4']);
    paint();
    expect(written).toHaveLength(1);
  });

  it('a push, go or destroy writes the waiting replace first, so history keeps its order', () => {
    const { history, written, paint } = setup();
    history.replace('/mail/INBOX/2');
    history.push('/mail/Sent');
    history.replace('/mail/Sent/7');
    history.go(-1);
    history.replace('/mail/INBOX/3');
    history.destroy();
    paint();
    expect(written).toEqual([
      'replace /mail/INBOX/2',
      'push /mail/Sent',
      'replace /mail/Sent/7',
      'go -1',
      'replace /mail/INBOX/3',
      'destroy',
    ]);
  });

  it('leaving or hiding the page writes it; back/forward drops it', () => {
    const { history, written, paint, fire } = setup();
    history.replace('/mail/INBOX/2');
    fire('pagehide');
    history.replace('/mail/INBOX/3');
    fire('visibilitychange');
    expect(written).toEqual(['replace /mail/INBOX/2', 'replace /mail/INBOX/3']);
    history.replace('/mail/INBOX/4');
    fire('popstate');
    paint();
    expect(written).toHaveLength(2);
    expect(history.location).toBe('/mail/INBOX/3');
  });
});
