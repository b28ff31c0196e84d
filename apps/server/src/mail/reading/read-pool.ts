import { EventEmitter } from 'node:events';
import { setPriority } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { EditableMessage, RenderOptions, RenderedMessage, SanitizeInput } from './render-reading.ts';
import type { ReadJob, ReadResult, ReadStarted, ReadTask } from './read.worker.ts';
import { threadCpuMs } from './thread-cpu.ts';

/** Decoding the plain-text fallback (transfer encoding + charset: linear) may take this long, whatever the budget. */
const TEXT_BUDGET_MS = 10_000;
/** How long a task may wait for a thread (a queue behind hostile messages, a thread starting) before it gives up. */
const QUEUE_WAIT_MS = 30_000;
/** A task past this much CPU time is hostile or huge: its thread yields to the event loop (nice +10) from then on. */
const LONG_TASK_CPU_MS = 50;
/** The budget counts the thread's CPU time; a task starved by a busy machine still ends after budget × this, in wall time. */
const WALL_FACTOR = 10;
/** How often a running task's CPU time is looked at (one read of /proc). */
const CHECK_MS = 100;

/** Parsing or sanitizing one message failed, ran past its time budget, or its worker ran out of memory. */
export class ReadBudgetExceeded extends Error {
  constructor(cause: unknown) {
    super('reading a message exceeded its time or memory budget', { cause });
  }
}

export interface ReadPoolOptions {
  workers: number;
  timeBudgetMs: number;
  /** heap of one worker thread; a message that needs more ends its thread, not the process */
  heapMb: number;
}

/**
 * Worker threads that parse and sanitize messages, each task under a time budget: past it the thread is terminated
 * (piscina starts a new one) and the caller gets ReadBudgetExceeded. Emits `task` when a task is handed over.
 * Invariant: attacker-controlled parsing never runs on the event loop.
 */
export class ReadPool extends EventEmitter {
  private readonly pool: Piscina<ReadTask, ReadResult>;

  constructor(private readonly opts: ReadPoolOptions) {
    super();
    this.pool = new Piscina({
      filename: new URL('./read-worker.mjs', import.meta.url).href,
      minThreads: 1,
      maxThreads: opts.workers,
      idleTimeout: 60_000,
      // a full queue answers message.busy at once instead of piling up work no one waits for
      maxQueue: opts.workers * 16,
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
      // no niceIncrement: at nice +10 on a loaded machine a thread got ~1% of a core and even small messages ran
      // past the budget; only a long task is lowered (run below)
    });
    // a thread that dies between tasks is replaced by piscina; unheard, the 'error' event would end the process
    this.pool.on('error', () => {});
  }

  async render(source: Buffer, opts: RenderOptions): Promise<RenderedMessage> {
    return (await this.run({ kind: 'render', source, opts }, this.opts.timeBudgetMs)) as RenderedMessage;
  }

  /** Linear work, so a budget of its own: it often follows a render whose thread was just terminated and restarts. */
  async decodeText(raw: Buffer, encoding: string, charset: string): Promise<{ text: string; document: string }> {
    const budget = Math.max(this.opts.timeBudgetMs, TEXT_BUDGET_MS);
    return (await this.run({ kind: 'text', raw, encoding, charset }, budget)) as { text: string; document: string };
  }

  /** A draft's source parsed for the composer: the user's own mail as a rule, so the longer budget of decodeText. */
  async parseForEditing(source: Buffer): Promise<EditableMessage> {
    const budget = Math.max(this.opts.timeBudgetMs, TEXT_BUDGET_MS);
    return (await this.run({ kind: 'edit', source }, budget)) as EditableMessage;
  }

  /** The HTML of a message read before, sanitized again with remote content allowed (under the time budget). */
  async sanitizeWithRemote(input: SanitizeInput): Promise<string> {
    return (await this.run({ kind: 'remote', input }, this.opts.timeBudgetMs)) as string;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /**
   * Runs a job. The budget is the thread's CPU time (Linux; wall time elsewhere) from when it takes the task up, so
   * neither the queue nor other processes on a busy machine use it up; a starved task still ends at WALL_FACTOR × it.
   */
  private async run(job: ReadJob, budgetMs: number): Promise<ReadResult> {
    if (this.pool.queueSize >= this.pool.options.maxQueue) throw new ReadPoolBusy();
    this.emit('task', job.kind);
    const abort = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer = setTimeout(() => abort.abort(), QUEUE_WAIT_MS);
    let lowered: number | null = null;
    port1.once('message', (started: ReadStarted) => {
      clearTimeout(timer);
      const t0 = performance.now();
      const cpu0 = started.tid ? started.cpuMs : null;
      const check = () => {
        const wall = performance.now() - t0;
        const now = cpu0 === null ? null : threadCpuMs(started.tid as number);
        const used = now === null || cpu0 === null ? wall : now - cpu0;
        if (used >= budgetMs || wall >= budgetMs * WALL_FACTOR) return abort.abort();
        if (lowered === null && started.tid && used >= LONG_TASK_CPU_MS) lowered = lowerPriority(started.tid);
        timer = setTimeout(check, Math.min(CHECK_MS, budgetMs - used));
      };
      timer = setTimeout(check, Math.min(CHECK_MS, budgetMs));
    });
    try {
      const task: ReadTask = { ...job, started: port2 };
      const result = await this.pool.run(task, { signal: abort.signal, transferList: [port2] });
      // only a thread that finished its task is known to be alive (a terminated one's id may be reused)
      if (lowered !== null) restorePriority(lowered);
      return result;
    } catch (err) {
      throw new ReadBudgetExceeded(err);
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }
}

/** Lowers a thread by its Linux thread id to nice +10; returns the id, or null when the system refused. */
function lowerPriority(tid: number): number | null {
  try {
    setPriority(tid, 10);
    return tid;
  } catch {
    return null;
  }
}

/** Back to nice 0 for the thread's next task; without the privilege to raise a priority the thread stays at +10. */
function restorePriority(tid: number): void {
  try {
    setPriority(tid, 0);
  } catch {
    // EACCES: harmless, the budget counts CPU time, so a lowered thread is slower but never cut short for it
  }
}

/** Every worker is busy and the queue is full. */
export class ReadPoolBusy extends Error {
  constructor() {
    super('every reading worker is busy');
  }
}
