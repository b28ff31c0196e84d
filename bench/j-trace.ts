// `tsx j-trace.ts`: what a "next message" (j) press waits behind. One Pigeon (WEB_DIST_DIR, default the web build) on
// a 300-message INBOX, one tab; a message is opened, then BENCH_RUNS (default 30) times: read it for a second, press j,
// timed as in versus-roundcube.ts (trusted keydown → next body painted). All of it under a Chromium trace (timeline +
// GC). For each press it prints its time, how long the keydown waited before it was dispatched, and the renderer main
// thread's tasks inside the press (what started each one, its GC, style/layout and paint), then the categories summed
// over the slowest third against the fastest third. BENCH_TRACE_OUT: also keep the raw trace (JSON) there.
// A_DIST and B_DIST (two web builds, e.g. before and after a change): two Pigeons and one tab each under the same
// trace, the presses interleaved (which side goes first alternates), each side's renderer analysed on its own; the
// summary gives both sides' CPU a press and j time, from the same run and load.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { createUser, ensureMailFixture, seedMailbox } from '@pigeon/mail-fixture';
import { chromiumLaunchOptions } from '@pigeon/e2e/chromium';
import { startPigeon, type PigeonServer } from '@pigeon/e2e/pigeon-server';
import { installTiming } from './roundcube/measure.ts';
import { pigeon, type Row } from './roundcube/webmails.ts';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DWELL_MS = 1000;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  id?: string;
  ts: number;
  dur?: number;
  /** the thread's own CPU time (wall time minus what the machine gave other threads) */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileChunk {
  cpuProfile?: { nodes?: { id: number; callFrame: CallFrame; parent?: number }[]; samples?: number[] };
  timeDeltas?: number[];
}

/** V8's samples of one process's main isolate: [time, function] pairs on the trace's clock. */
function samplesOf(events: TraceEvent[], pid: number): [number, CallFrame][] {
  const profiles = events.filter((e) => e.name === 'Profile' && e.pid === pid);
  let best: [number, CallFrame][] = [];
  for (const profile of profiles) {
    const nodes = new Map<number, CallFrame>();
    const out: [number, CallFrame][] = [];
    let t = Number(profile.args?.data?.startTime ?? profile.ts);
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === pid)) {
      const data = chunk.args?.data as ProfileChunk | undefined;
      for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node.callFrame);
      (data?.cpuProfile?.samples ?? []).forEach((id, k) => {
        t += data?.timeDeltas?.[k] ?? 0;
        const frame = nodes.get(id);
        if (frame) out.push([t, frame]);
      });
    }
    if (out.length > best.length) best = out;
  }
  return best;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const fileOf = (url: unknown) => String(url ?? '').replace(/^.*\//, '');

/** What a task is about: a rendering update (paint/commit), an input event, or the function it ran. */
function labelOf(inside: TraceEvent[], task: TraceEvent): string {
  if (inside.some((e) => e.name === 'Paint' || e.name === 'Commit')) return 'frame (rendering update)';
  const event = inside.find((e) => e.name === 'EventDispatch');
  if (event) return `event ${String(event.args?.data?.type)}`;
  const call = inside.find((e) => e.name === 'FunctionCall');
  const idle = inside.some((e) => e.name === 'FireIdleCallback') ? 'idle callback ' : '';
  if (call) {
    const d = call.args?.data ?? {};
    return `${idle}${String(d.functionName || '(anonymous)')} ${fileOf(d.url)}:${String(d.columnNumber)}`;
  }
  return `${String((task.args as Record<string, unknown> | undefined)?.src_func ?? task.name)}`;
}

interface Side {
  name: string;
  dist: string | undefined;
  times: number[];
  delays: number[];
  /** this side's keydowns in the trace, in press order */
  keydowns: TraceEvent[];
}

/** Per press and summed: the side's renderer main thread inside its presses. Returns CPU ms per press. */
function analyse(events: TraceEvent[], side: Side): number[] {
  const { keydowns, times, delays } = side;
  const runs = keydowns.length;
  const main = keydowns[0]!;
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const insideOf = (task: TraceEvent) =>
    onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts < task.ts + (task.dur ?? 0));

  // per press: the main thread's tasks between the key's timestamp and the painted body, wall and CPU time
  const byLabel = new Map<string, { wall: number; cpu: number }>();
  const byStep = new Map<string, { wall: number; cpu: number }>();
  const addTo = (m: Map<string, { wall: number; cpu: number }>, k: string, wall: number, cpu: number) => {
    const v = m.get(k) ?? { wall: 0, cpu: 0 };
    m.set(k, { wall: v.wall + wall, cpu: v.cpu + cpu });
  };
  const cpus: number[] = [];
  console.log(`\n== ${side.name}: ${side.dist ?? 'the web build'}`);
  keydowns.forEach((kd, i) => {
    const start = kd.ts - delays[i]! * 1000;
    const end = start + times[i]! * 1000;
    let busy = 0;
    let cpu = 0;
    for (const task of tasks) {
      const taskEnd = task.ts + (task.dur ?? 0);
      if (taskEnd <= start || task.ts >= end) continue;
      const share = (Math.min(taskEnd, end) - Math.max(task.ts, start)) / Math.max(1, task.dur ?? 0);
      const inside = insideOf(task);
      const label = labelOf(inside, task);
      const wall = ((task.dur ?? 0) * share) / 1000;
      const taskCpu = ((task.tdur ?? 0) * share) / 1000;
      addTo(byLabel, label, wall, taskCpu);
      busy += wall;
      cpu += taskCpu;
      if (label.startsWith('frame') || label === 'event keydown') {
        let outer = -1; // outermost steps only, so nothing counts twice
        for (const e of inside)
          if (e.ts >= outer && (e.dur ?? 0) > 0) {
            outer = e.ts + (e.dur ?? 0);
            const name = e.name === 'EventDispatch' ? `${e.name} ${String(e.args?.data?.type)}` : e.name;
            addTo(
              byStep,
              `${label.startsWith('frame') ? 'frame' : 'keydown'}: ${name}`,
              e.dur! / 1000,
              (e.tdur ?? 0) / 1000,
            );
          }
      }
    }
    cpus.push(cpu);
    console.log(
      `j ${i + 1}: ${times[i]!.toFixed(1)} ms (keydown waited ${delays[i]!.toFixed(1)} ms); main thread busy ` +
        `${busy.toFixed(1)} ms of it, ${cpu.toFixed(1)} ms on a CPU`,
    );
  });
  const per = (v: { wall: number; cpu: number }) =>
    `wall ${(v.wall / runs).toFixed(1).padStart(6)}  cpu ${(v.cpu / runs).toFixed(1).padStart(6)} ms a press`;
  console.log('\nthe main thread inside a press, by task:');
  for (const [k, v] of [...byLabel].sort((a, b) => b[1].wall - a[1].wall).slice(0, 12))
    console.log(`  ${k.padEnd(48)} ${per(v)}`);
  console.log('\nthe keydown and the rendering updates, by step:');
  for (const [k, v] of [...byStep].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 14))
    console.log(`  ${k.padEnd(48)} ${per(v)}`);

  // the JavaScript inside the keydowns' tasks, by function (self time from V8's sampler, ~0.1 ms a sample)
  const samples = samplesOf(events, main.pid);
  const keydownTasks = keydowns.map((kd) => tasks.find((t) => t.ts <= kd.ts && t.ts + (t.dur ?? 0) >= kd.ts) ?? kd);
  const self = new Map<string, number>();
  let sampled = 0;
  for (const [t, frame] of samples) {
    if (!keydownTasks.some((task) => t >= task.ts && t <= task.ts + (task.dur ?? 0))) continue;
    const key = `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').replace(/^.*\//, '')}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    sampled++;
  }
  console.log(`\nsampled JavaScript inside the keydowns' tasks (${sampled} samples), self share by function:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${((100 * v) / Math.max(1, sampled)).toFixed(1).padStart(5)} %  ${k}`);
  return cpus;
}

async function main(): Promise<void> {
  await ensureMailFixture();
  const user = await createUser('j-trace');
  await seedMailbox(user, 300, { inboxOnly: true, precache: true });
  const loadBefore = load();
  const sides: Side[] =
    process.env.A_DIST && process.env.B_DIST
      ? [
          { name: 'A', dist: process.env.A_DIST, times: [], delays: [], keydowns: [] },
          { name: 'B', dist: process.env.B_DIST, times: [], delays: [], keydowns: [] },
        ]
      : [{ name: 'j', dist: process.env.WEB_DIST_DIR, times: [], delays: [], keydowns: [] }];
  const servers: PigeonServer[] = [];
  for (const side of sides)
    servers.push(await startPigeon({ env: side.dist ? { WEB_DIST_DIR: side.dist } : {}, startTimeoutMs: 300_000 }));
  const browser = await chromium.launch(chromiumLaunchOptions);
  /** which side pressed, in press order (the trace's keydowns come in the same order) */
  const order: Side[] = [];
  let trace: Buffer;
  try {
    const tabs: { page: Page; rows: Row[] }[] = [];
    for (const server of servers) {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 } });
      await installTiming(context);
      // how long each j keydown waited between its timestamp and its dispatch (a busy main thread)
      await context.addInitScript(() => {
        const w = globalThis as unknown as { __jDelays: number[] };
        w.__jDelays = [];
        addEventListener('keydown', (e) => e.key === 'j' && w.__jDelays.push(performance.now() - e.timeStamp), true);
      });
      const page = await context.newPage();
      await pigeon.signIn(page, user.email, user.password);
      // the list draws more rows than are on screen once the page is idle (list-window.ts)
      await page
        .waitForFunction((n) => document.querySelectorAll('[data-testid="message-row"]').length >= n, RUNS + 2)
        .catch(() => {});
      const rows = await pigeon.rows(page);
      if (rows.length < RUNS + 2) throw new Error(`too few rows on screen for ${RUNS} presses`);
      await pigeon.open(page, rows[0]!);
      tabs.push({ page, rows });
    }
    await tabs[0]!.page.waitForTimeout(DWELL_MS);
    await browser.startTracing(tabs[0]!.page, {
      categories: [
        'toplevel',
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'disabled-by-default-v8.gc',
        'blink.user_timing',
        'disabled-by-default-v8.cpu_profiler',
      ],
    });
    for (let i = 1; i <= RUNS; i++) {
      for (const k of i % 2 ? sides.keys() : [...sides.keys()].reverse()) {
        const { page, rows } = tabs[k]!;
        sides[k]!.times.push(await pigeon.next(page, rows[i]!));
        order.push(sides[k]!);
        await page.waitForTimeout(DWELL_MS); // the reader reads it; then asks for the next one
      }
    }
    trace = await browser.stopTracing();
    for (const [k, side] of sides.entries())
      side.delays = await tabs[k]!.page.evaluate(() => (globalThis as unknown as { __jDelays: number[] }).__jDelays);
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
  if (process.env.BENCH_TRACE_OUT) writeFileSync(process.env.BENCH_TRACE_OUT, trace);

  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // each tab's renderer main thread: the one that dispatched its keydowns
  const keydowns = events
    .filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')
    .sort((a, b) => a.ts - b.ts);
  if (keydowns.length !== order.length)
    throw new Error(`${keydowns.length} keydowns in the trace, ${order.length} presses`);
  keydowns.forEach((kd, i) => order[i]!.keydowns.push(kd));
  const results = sides.map((side) => ({ side, cpu: summarize(analyse(events, side)), j: summarize(side.times) }));
  console.log('');
  for (const { side, cpu, j } of results)
    console.log(
      `${side.name}: j → body median ${j.median} p95 ${j.p95}; main-thread CPU a press median ${cpu.median} ` +
        `p95 ${cpu.p95} (${RUNS} presses) ${side.dist ?? ''}`,
    );
  console.log(`load ${loadBefore} → ${load()} on ${os.cpus().length} cores`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
