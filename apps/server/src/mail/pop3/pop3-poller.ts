/** Runs each POP3 account's check every interval, and at once on "check now"; one check per account at a time. */
export interface PollerOptions {
  /** the wait after a check, read when the check ends (an account's own interval may change) */
  intervalMs: number | ((accountId: string) => number);
  /** errors are the check's own business (it records them); the poller only keeps going */
  onError?(accountId: string, err: unknown): void;
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
  clearTimer?: (t: NodeJS.Timeout) => void;
}

interface Slot {
  run: () => Promise<unknown>;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /** "check now" arrived while a check ran: one more right after it */
  again: boolean;
}

export class Pop3Poller {
  private readonly slots = new Map<string, Slot>();
  private readonly setTimer: NonNullable<PollerOptions['setTimer']>;
  private readonly clearTimer: NonNullable<PollerOptions['clearTimer']>;

  constructor(private readonly o: PollerOptions) {
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = o.clearTimer ?? clearTimeout;
  }

  /** Starts polling the account (first check at once); a second call replaces the check function. */
  watch(accountId: string, run: () => Promise<unknown>): void {
    const slot = this.slots.get(accountId);
    if (slot) return void (slot.run = run);
    this.slots.set(accountId, { run, timer: null, running: null, again: false });
    void this.checkNow(accountId);
  }

  /** Checks now (or right after the running check); resolves when that check has finished. */
  checkNow(accountId: string): Promise<void> {
    const slot = this.slots.get(accountId);
    if (!slot) return Promise.resolve();
    if (slot.running) {
      slot.again = true;
      return slot.running.then(() => this.slots.get(accountId)?.running ?? undefined);
    }
    if (slot.timer) this.clearTimer(slot.timer);
    slot.timer = null;
    slot.running = (async () => {
      try {
        await slot.run();
      } catch (err) {
        this.o.onError?.(accountId, err);
      }
      slot.running = null;
      if (this.slots.get(accountId) !== slot) return;
      if (slot.again) {
        slot.again = false;
        void this.checkNow(accountId);
      } else {
        const wait = typeof this.o.intervalMs === 'number' ? this.o.intervalMs : this.o.intervalMs(accountId);
        slot.timer = this.setTimer(() => void this.checkNow(accountId), wait);
      }
    })();
    return slot.running;
  }

  isChecking(accountId: string): boolean {
    return Boolean(this.slots.get(accountId)?.running);
  }

  /** Stops polling the account; a check in progress finishes on its own. */
  unwatch(accountId: string): void {
    const slot = this.slots.get(accountId);
    if (slot?.timer) this.clearTimer(slot.timer);
    this.slots.delete(accountId);
  }

  /** Stops every timer and waits for running checks. */
  async close(): Promise<void> {
    const running = [...this.slots.values()].map((s) => s.running);
    for (const id of [...this.slots.keys()]) this.unwatch(id);
    await Promise.all(running);
  }
}
