import { describe, expect, it } from 'vitest';
import { raceCandidates, type RaceSource, type Verdict } from './discovery-race.ts';

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const source = (name: string, run: () => Promise<string[]>, timeoutMs = 60_000): RaceSource<string> => ({
  name,
  timeoutMs,
  run,
});
const accept =
  (good: Set<string>) =>
  async (c: string): Promise<Verdict<string>> =>
    good.has(c) ? { ok: true, value: `client:${c}` } : { ok: false, error: new Error(`${c} refused`) };

describe('raceCandidates', () => {
  it('lets the higher-precedence source win even when a later one answers first', async () => {
    let releaseFirst!: (c: string[]) => void;
    const first = new Promise<string[]>((r) => (releaseFirst = r));
    const disposed: string[] = [];
    const race = raceCandidates({
      sources: [source('autoconfig', () => first), source('guess', async () => ['imap.guess'])],
      verify: accept(new Set(['imap.auto', 'imap.guess'])),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
      dispose: (v) => disposed.push(v),
    });
    await new Promise((r) => setImmediate(r));
    releaseFirst(['imap.auto']);
    const r = await race;
    expect(r.winner).toEqual({ candidate: 'imap.auto', value: 'client:imap.auto', source: 'autoconfig', rank: 0 });
    expect(disposed).toEqual(['client:imap.guess']);
  });

  it('does not wait for a slower source of lower precedence', async () => {
    const r = await raceCandidates({
      sources: [source('autoconfig', async () => ['imap.auto']), source('guess', never)],
      verify: accept(new Set(['imap.auto'])),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
    });
    expect(r.winner?.source).toBe('autoconfig');
  });

  it('waits for a dead source of higher precedence only until its timeout', async () => {
    const r = await raceCandidates({
      sources: [source('autoconfig', never, 30), source('srv', async () => ['imap.srv'])],
      verify: accept(new Set(['imap.srv'])),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
    });
    expect(r.winner?.source).toBe('srv');
    expect(String(r.sourceErrors[0]?.error)).toMatch(/autoconfig timed out after 30 ms/);
  });

  it('takes candidates of one source in its order and reports every failure', async () => {
    const r = await raceCandidates({
      sources: [
        source('srv', async () => ['a', 'b', 'c']),
        source('guess', async () => {
          throw new Error('dns down');
        }),
      ],
      verify: accept(new Set(['b', 'c'])),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
    });
    expect(r.winner?.candidate).toBe('b');
    expect(r.winner?.rank).toBe(1);
    expect(r.failures.map((f) => [f.candidate, f.rank])).toEqual([['a', 0]]);
    expect(r.sourceErrors.map((e) => [e.source, String(e.error)])).toEqual([['guess', 'Error: dns down']]);
  });

  it('verifies the same server once even when two sources find it', async () => {
    const seen: string[] = [];
    const r = await raceCandidates({
      sources: [source('autoconfig', async () => ['imap.x:993']), source('srv', async () => ['imap.x:993'])],
      verify: async (c) => (seen.push(c), { ok: false, error: new Error('wrong password') }),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
    });
    expect(r.winner).toBeNull();
    expect(seen).toEqual(['imap.x:993']);
    expect(r.failures.map((f) => f.source)).toEqual(['autoconfig', 'srv']);
  });

  it('gives up on a candidate that does not answer in time and releases it if it answers later', async () => {
    let late!: (v: Verdict<string>) => void;
    const disposed: string[] = [];
    const r = await raceCandidates({
      sources: [source('srv', async () => ['slow'])],
      verify: () => new Promise<Verdict<string>>((res) => (late = res)),
      verifyTimeoutMs: 20,
      key: (c) => c,
      dispose: (v) => disposed.push(v),
    });
    expect(r.winner).toBeNull();
    expect(String(r.failures[0]?.error)).toMatch(/no answer within 20 ms/);
    late({ ok: true, value: 'late-client' });
    await new Promise((res) => setImmediate(res));
    expect(disposed).toEqual(['late-client']);
  });

  it('stops the sources it no longer needs', async () => {
    let aborted = false;
    const hanging: RaceSource<string> = {
      name: 'guess',
      timeoutMs: 60_000,
      run: (signal) =>
        new Promise<string[]>((_, reject) =>
          signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
    };
    const r = await raceCandidates({
      sources: [source('autoconfig', async () => ['ok']), hanging],
      verify: accept(new Set(['ok'])),
      verifyTimeoutMs: 60_000,
      key: (c) => c,
    });
    expect(r.winner?.candidate).toBe('ok');
    expect(aborted).toBe(true);
  });
});
