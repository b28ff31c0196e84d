/** A verdict on one candidate: accepted (with whatever the check produced) or refused with the reason. */
export type Verdict<V> = { ok: true; value: V } | { ok: false; error: unknown };

export interface RaceSource<C> {
  name: string;
  timeoutMs: number;
  /** candidates in the source's own preference order; should stop early when the signal aborts */
  run(signal: AbortSignal): Promise<C[]>;
}

export interface RaceOptions<C, V> {
  /** in precedence order: an earlier source's accepted candidate beats a later one's */
  sources: RaceSource<C>[];
  verify(candidate: C, signal: AbortSignal): Promise<Verdict<V>>;
  verifyTimeoutMs: number;
  /** candidates with the same key are verified once (e.g. the same server found by two sources) */
  key(candidate: C): string;
  /** releases an accepted value that did not win (a logged-in IMAP client, for instance) */
  dispose?(value: V): void;
  signal?: AbortSignal;
}

/** `rank`: the candidate's place in precedence order (sources in order, each source's candidates in its order) */
export interface RaceResult<C, V> {
  winner: { candidate: C; value: V; source: string; rank: number } | null;
  failures: { candidate: C; source: string; error: unknown; rank: number }[];
  sourceErrors: { source: string; error: unknown }[];
}

interface Entry<C, V> {
  candidate: C;
  verdict?: Verdict<V>;
}

/**
 * Runs every source at once and verifies candidates as soon as they arrive. The winner is the accepted
 * candidate of highest precedence; it is declared as soon as every candidate ranked before it has failed and
 * every source ranked before it has answered or timed out, so a slow or dead source delays a good candidate by
 * at most its own timeout (plus the verify timeout of what it found), and a slow later source never delays it.
 */
export function raceCandidates<C, V>(o: RaceOptions<C, V>): Promise<RaceResult<C, V>> {
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  const states = o.sources.map(() => ({ done: false, entries: [] as Entry<C, V>[] }));
  const verdicts = new Map<string, Promise<Verdict<V>>>();
  const result: RaceResult<C, V> = { winner: null, failures: [], sourceErrors: [] };
  let settled = false;
  let finish!: (r: RaceResult<C, V>) => void;
  const promise = new Promise<RaceResult<C, V>>((resolve) => (finish = resolve));
  const timers: NodeJS.Timeout[] = [];

  const decide = () => {
    if (settled) return;
    let rank = 0;
    for (const [i, state] of states.entries()) {
      if (!state.done) return;
      for (const entry of state.entries) {
        if (!entry.verdict) return;
        if (entry.verdict.ok)
          return conclude({ candidate: entry.candidate, value: entry.verdict.value, source: o.sources[i]!.name, rank });
        rank++;
      }
    }
    conclude(null);
  };

  const conclude = (winner: RaceResult<C, V>['winner']) => {
    settled = true;
    result.winner = winner;
    let rank = 0;
    for (const [i, state] of states.entries()) {
      for (const entry of state.entries) {
        if (entry.verdict && !entry.verdict.ok)
          result.failures.push({
            candidate: entry.candidate,
            source: o.sources[i]!.name,
            error: entry.verdict.error,
            rank,
          });
        rank++;
      }
    }
    // accepted values that lost, now or later, are released exactly once
    const released = new Set<V>(winner ? [winner.value] : []);
    for (const p of verdicts.values())
      void p.then((v) => v.ok && !released.has(v.value) && (released.add(v.value), o.dispose?.(v.value)));
    for (const t of timers) clearTimeout(t);
    stop.abort(new Error('discovery finished'));
    finish(result);
  };

  const verifyOnce = (candidate: C): Promise<Verdict<V>> => {
    const k = o.key(candidate);
    let p = verdicts.get(k);
    if (!p) {
      const run = Promise.resolve()
        .then(() => o.verify(candidate, signal))
        .catch((error: unknown): Verdict<V> => ({ ok: false, error }));
      p = withTimeout(run, o.verifyTimeoutMs, o.dispose);
      verdicts.set(k, p);
    }
    return p;
  };

  o.sources.forEach((source, i) => {
    const state = states[i]!;
    const end = (candidates: C[], error?: unknown) => {
      if (state.done || settled) return;
      state.done = true;
      if (error !== undefined) result.sourceErrors.push({ source: source.name, error });
      for (const candidate of candidates) {
        const entry: Entry<C, V> = { candidate };
        state.entries.push(entry);
        void verifyOnce(candidate).then((v) => {
          entry.verdict = v;
          decide();
        });
      }
      decide();
    };
    timers.push(
      setTimeout(() => end([], new Error(`${source.name} timed out after ${source.timeoutMs} ms`)), source.timeoutMs),
    );
    Promise.resolve()
      .then(() => source.run(signal))
      .then(
        (c) => end(c),
        (err: unknown) => end([], err),
      );
  });
  if (o.sources.length === 0) decide();
  return promise;
}

// a success that arrives after the timeout is released at once: nobody will use it
function withTimeout<V>(run: Promise<Verdict<V>>, ms: number, dispose?: (v: V) => void): Promise<Verdict<V>> {
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      resolve({ ok: false, error: new Error(`no answer within ${ms} ms`) });
    }, ms);
    void run.then((v) => {
      if (!timedOut) {
        clearTimeout(timer);
        resolve(v);
      } else if (v.ok) dispose?.(v.value);
    });
  });
}
