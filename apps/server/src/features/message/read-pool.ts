import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { EditableMessage, RenderOptions, RenderedMessage, SanitizeInput } from './render-reading.ts';
import type { ReadJob, ReadResult, ReadTask } from './read.worker.ts';

/** Decoding the plain-text fallback (transfer encoding + charset: linear) may take this long, whatever the budget. */
const TEXT_BUDGET_MS = 10_000;
/** How long a task may wait for a thread (a queue behind hostile messages, a thread starting) before it gives up. */
const QUEUE_WAIT_MS = 30_000;

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
      // on Linux the threads run at a lower priority than the event loop, which then gets a core first
      niceIncrement: 10,
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

  /** Runs a job; the budget starts when a thread takes it up, not while it waits in the queue. */
  private async run(job: ReadJob, budgetMs: number): Promise<ReadResult> {
    if (this.pool.queueSize >= this.pool.options.maxQueue) throw new ReadPoolBusy();
    this.emit('task', job.kind);
    const abort = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer = setTimeout(() => abort.abort(), QUEUE_WAIT_MS);
    port1.once('message', () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), budgetMs);
    });
    try {
      const task: ReadTask = { ...job, started: port2 };
      return await this.pool.run(task, { signal: abort.signal, transferList: [port2] });
    } catch (err) {
      throw new ReadBudgetExceeded(err);
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }
}

/** Every worker is busy and the queue is full. */
export class ReadPoolBusy extends Error {
  constructor() {
    super('every reading worker is busy');
  }
}
