/** Durations of the named steps of one request, for a `Server-Timing` header (steps may overlap). */
export interface StepTimes {
  /** awaits `work`, recording how long it took under `name` (also when it throws) */
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** `name;dur=12.3, …` in the order the steps finished; names must be tokens */
  header(): string;
}

/** Records nothing: the default where no one asked for the steps. */
export const noStepTimes: StepTimes = { time: (_name, work) => work(), header: () => '' };

export function createStepTimes(now: () => number = () => performance.now()): StepTimes {
  const done: { name: string; ms: number }[] = [];
  return {
    async time(name, work) {
      const start = now();
      try {
        return await work();
      } finally {
        done.push({ name, ms: now() - start });
      }
    },
    header: () => done.map((s) => `${s.name};dur=${s.ms.toFixed(1)}`).join(', '),
  };
}
