// `tsx sign-in-trace.ts`: what the browser's main thread does between the sign-in answer and the first row painted
// (decision 036 part 9). Each run: a fresh context opens /sign-in, types, clicks, with a Chromium trace
// (devtools.timeline) and a sampling CPU profile running; the window from the answer's last byte to the frame
// after the first row is split into the main thread's work by kind (script by file, style, layout, paint, GC …)
// and the time it was idle (waiting for the network, a timer, a frame). Medians over the runs.
// `BENCH_RUNS` (default 8), `BENCH_BIG=1` for user001's 50,000-message INBOX, `WEB_DIST_DIR` for another build;
// `WEB_DISTS=before=<dist>,after=<dist>`: one Pigeon per web build, runs interleaved (the order alternates), a table
// each. "main thread CPU" is the thread time (`tdur`) of the window's tasks: unlike wall time it does not grow while
// the thread waits for a core, so it compares builds on a busy machine.
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, fixtureUser, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { assertBuilt, startPigeon } from '@pigeon/e2e/pigeon-server';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const BIG = process.env.BENCH_BIG === '1';
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** thread (CPU) time of an X event, µs */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Runs in the page from its first script: the click and the frame after the first row exists, as user timing marks. */
function recorder(): void {
  const w = window as unknown as { __t0?: number; __t1?: number };
  addEventListener(
    'mousedown',
    (e) => {
      w.__t0 ??= e.timeStamp;
    },
    true,
  );
  const check = () => {
    if (w.__t0 === undefined || w.__t1 !== undefined || !document.querySelector('[data-testid="message-row"]')) return;
    w.__t1 = -1;
    performance.mark('bench:first-row-in-dom');
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        w.__t1 = performance.now();
        performance.mark('bench:first-row-painted');
      };
      channel.port2.postMessage(0);
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}

const KINDS: Record<string, string> = {
  EvaluateScript: 'script: evaluate (chunk)',
  'v8.compile': 'script: compile',
  'v8.compileModule': 'script: compile',
  'v8.evaluateModule': 'script: evaluate (chunk)',
  CompileScript: 'script: compile',
  ParseHTML: 'parse HTML',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MinorGC: 'GC',
  MajorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
  BlinkGC: 'GC',
};

/** The main thread's time in [from, to] by kind; script is attributed by the CPU profile's samples. */
function split(events: TraceEvent[], profile: Profile, main: { pid: number; tid: number }, from: number, to: number) {
  const out = new Map<string, number>();
  const add = (k: string, us: number) => out.set(k, (out.get(k) ?? 0) + us / 1000);
  const clip = (e: TraceEvent) => Math.max(0, Math.min(e.ts + (e.dur ?? 0), to) - Math.max(e.ts, from));
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  // busy = union of top-level tasks
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  let busy = 0;
  let end = from;
  for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
    const s = Math.max(t.ts, end, from);
    const e = Math.min(t.ts + t.dur!, to);
    if (e > s) busy += e - s;
    end = Math.max(end, t.ts + t.dur!);
  }
  add('(main thread busy)', busy);
  // CPU: the outermost tasks' thread time, the share of each that falls inside the window
  let cpu = 0;
  let outer = 0;
  for (const t of tasks) {
    if (t.ts < outer) continue;
    outer = t.ts + t.dur!;
    const inside = Math.max(0, Math.min(outer, to) - Math.max(t.ts, from));
    if (inside > 0 && t.tdur !== undefined && t.dur! > 0) cpu += (t.tdur * inside) / t.dur!;
  }
  add('(main thread CPU)', cpu);
  add('(main thread idle)', to - from - busy);
  for (const e of onMain) {
    const kind = KINDS[e.name];
    if (kind && !kind.startsWith('script')) add(kind, clip(e));
  }
  // script from the CPU profile's samples (self time by script file), inside the window
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < from || t > to) continue;
    const next = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const file = url ? (url.split('/').pop() ?? url).replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js') : functionName;
    add(`script self: ${file}`, next);
  }
  return out;
}

/** The heaviest functions in [from, to], self and inclusive time, added into `into` (summed over the runs). */
function topFunctions(profile: Profile, from: number, to: number, into: Map<string, { self: number; total: number }>) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = (url.split('/').pop() ?? '').replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js');
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < from || t > to) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let node = byId.get(profile.samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    const self = into.get(keyOf(node)) ?? { self: 0, total: 0 };
    self.self += ms;
    into.set(keyOf(node), self);
    const seen = new Set<string>();
    while (node) {
      const k = keyOf(node);
      if (!seen.has(k)) {
        seen.add(k);
        const e = into.get(k) ?? { self: 0, total: 0 };
        e.total += ms;
        into.set(k, e);
      }
      const up = parent.get(node.id);
      node = up === undefined ? undefined : byId.get(up);
    }
  }
}

async function oneRun(
  page: Page,
  cdp: CDPSession,
  email: string,
  password: string,
  fns: Map<string, { self: number; total: number }> | undefined,
) {
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  // the mail page's chunk is prefetched while typing; give the idle prefetch the time a person takes
  await page.waitForTimeout(1500);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'toplevel',
        'blink.user_timing',
        'v8',
        'v8.execute',
        'disabled-by-default-v8.gc',
        'loading',
        'netlog',
      ],
    },
    transferMode: 'ReportEvents',
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.getByTestId('login-submit').click();
  await page.waitForFunction(() => ((window as unknown as { __t1?: number }).__t1 ?? -1) > 0, null, {
    timeout: 60_000,
    polling: 50,
  });
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  const inPage = await page.evaluate(() => {
    const w = window as unknown as { __t0: number; __t1: number };
    const answer = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) =>
      e.name.endsWith('/api/auth/sign-in'),
    )!;
    const requests = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.startTime > answer.responseEnd && e.startTime < w.__t1)
      .map((e) => ({
        name: new URL(e.name).pathname,
        start: e.startTime - answer.responseEnd,
        end: e.responseEnd - answer.responseEnd,
      }));
    return { t0: w.__t0, t1: w.__t1, answerEnd: answer.responseEnd, answerStart: answer.startTime, requests };
  });
  // the page's clock → the trace's: the first-row-painted mark is in both
  const mark = events.find((e) => e.name === 'bench:first-row-painted');
  const renderer = events.find((e) => e.name === 'bench:first-row-painted' || e.name === 'bench:first-row-in-dom');
  if (!mark || !renderer) throw new Error('no user timing mark in the trace');
  const offsetUs = mark.ts - inPage.t1 * 1000;
  const toTrace = (ms: number) => ms * 1000 + offsetUs;
  const mainThread = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === mark.pid,
  );
  const main = { pid: mark.pid, tid: mainThread?.tid ?? mark.tid };
  const from = toTrace(inPage.answerEnd);
  const to = toTrace(inPage.t1);
  const parts = split(events, profile, main, from, to);
  if (fns) topFunctions(profile, from, to, fns);
  // the kinds of top-level work, in order, for one look at the shape
  const tasks = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts + (e.dur ?? 0) > from && e.ts < to)
    .filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 3000)
    .map((e) => {
      const inner = events
        .filter((c) => c.pid === main.pid && c.tid === main.tid && c.ph === 'X' && c.ts >= e.ts && c.ts < e.ts + e.dur!)
        .filter((c) => c !== e && (c.dur ?? 0) > 1000 && c.name !== 'RunTask')
        .slice(0, 4)
        .map(
          (c) =>
            `${c.name}${c.args?.data?.url ? ` ${String(c.args.data.url).split('/').pop()}` : ''}${c.args?.data?.functionName ? ` ${String(c.args.data.functionName)}` : ''} ${(c.dur! / 1000).toFixed(1)}`,
        );
      return `+${((e.ts - from) / 1000).toFixed(0)} ms ${(e.dur! / 1000).toFixed(1)} ms: ${inner.join(', ')}`;
    });
  return {
    parts,
    window: inPage.t1 - inPage.answerEnd,
    answer: inPage.answerEnd - inPage.t0,
    requests: inPage.requests,
    tasks,
  };
}

/** The web builds to compare (name → dist directory), or `WEB_DIST_DIR` / the one built in the repo. */
const builds: [string, string | undefined][] = process.env.WEB_DISTS
  ? process.env.WEB_DISTS.split(',').map((pair) => {
      const [name, dir] = pair.split('=');
      if (!name || !dir) throw new Error(`WEB_DISTS wants name=dir pairs, got ${pair}`);
      return [name, path.resolve(dir)];
    })
  : [['main', process.env.WEB_DIST_DIR]];

interface Results {
  byKind: Map<string, number[]>;
  windows: number[];
  answers: number[];
  fns: Map<string, { self: number; total: number }>;
}

function print(name: string, r: Results): void {
  const med = (xs: number[]) => summarize([...xs, ...Array(Math.max(0, RUNS - xs.length)).fill(0)]);
  console.log(
    `build ${name}: answer received → first row painted, ${BIG ? 'user001 (50k)' : '300 messages'}, ${RUNS} runs (ms)`,
  );
  console.log(`  click → answer received: median ${summarize(r.answers).median}, p95 ${summarize(r.answers).p95}`);
  console.log(`  answer → first row painted: median ${summarize(r.windows).median}, p95 ${summarize(r.windows).p95}`);
  const rows = [...r.byKind.entries()].map(([k, v]) => ({ k, s: med(v) })).sort((a, b) => b.s.median - a.s.median);
  for (const { k, s } of rows)
    console.log(`  ${k.padEnd(48)} ${String(s.median).padStart(8)} ${String(s.p95).padStart(8)}`);
  const top = (by: 'self' | 'total', n: number) => {
    console.log(`heaviest functions by ${by} time (ms per run, mean):`);
    for (const [k, v] of [...r.fns.entries()].sort((a, b) => b[1][by] - a[1][by]).slice(0, n))
      console.log(
        `  ${k.padEnd(70)} self ${(v.self / RUNS).toFixed(1).padStart(7)} total ${(v.total / RUNS).toFixed(1).padStart(7)}`,
      );
  };
  top('self', 25);
  top('total', Number(process.env.BENCH_TOP ?? 60));
}

async function main(): Promise<void> {
  assertBuilt();
  await ensureMailFixture();
  const user = BIG ? fixtureUser('user001') : await createUser('trace');
  if (!BIG) await seedMailbox(user, 300, { inboxOnly: true, precache: true });
  const loadBefore = load();
  const servers = await Promise.all(
    builds.map(([, dir]) => startPigeon({ env: { SERVER_TIMING: 'true', ...(dir ? { WEB_DIST_DIR: dir } : {}) } })),
  );
  const browser = await chromium.launch(chromiumLaunchOptions);
  const results: Results[] = builds.map(() => ({ byKind: new Map(), windows: [], answers: [], fns: new Map() }));
  try {
    for (let i = -1; i < RUNS; i++) {
      const order = builds.map((_, b) => b);
      if (i % 2 !== 0) order.reverse();
      for (const b of order) {
        const res = results[b]!;
        const context = await browser.newContext({ baseURL: servers[b]!.url, viewport: { width: 1400, height: 900 } });
        await context.addInitScript('globalThis.__name = (fn) => fn;');
        await context.addInitScript(recorder);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        const r = await oneRun(page, cdp, user.email, user.password, i >= 0 ? res.fns : undefined);
        await context.close();
        if (i < 0) continue; // the first run pays for cold paths
        res.windows.push(r.window);
        res.answers.push(r.answer);
        for (const [k, v] of r.parts) res.byKind.set(k, [...(res.byKind.get(k) ?? []), v]);
        if (process.env.BENCH_VERBOSE) {
          console.log(
            `${builds[b]![0]} run ${i}: answer ${r.answer.toFixed(0)} ms, answer → painted ${r.window.toFixed(0)} ms`,
          );
          for (const t of r.tasks) console.log(`  ${t}`);
          for (const q of r.requests) console.log(`  request ${q.name} +${q.start.toFixed(0)}..+${q.end.toFixed(0)}`);
        }
      }
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
  builds.forEach(([name], b) => print(name, results[b]!));
  if (builds.length > 1) {
    console.log('side by side (median, p95), ms:');
    for (const k of ['answer → first row painted', '(main thread CPU)', '(main thread busy)']) {
      const cells = results.map((r) => {
        const xs = k.startsWith('answer') ? r.windows : (r.byKind.get(k) ?? []);
        const s = summarize(xs);
        return `${s.median} (${s.p95})`;
      });
      console.log(`  ${k.padEnd(30)} ${builds.map(([n], b) => `${n} ${cells[b]}`).join('   ')}`);
    }
  }
  console.log(`load ${loadBefore.join(' ')} → ${load().join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
