// Runs in a worker thread (read-pool.ts): the CPU-bound half of reading a message, off the event loop.
import type { MessagePort } from 'node:worker_threads';
import { ownThreadCpu } from './thread-cpu.ts';
import {
  decodeTextPart,
  parseForEditing,
  renderReading,
  sanitizeWithRemote,
  type EditableMessage,
  type RenderOptions,
  type RenderedMessage,
  type SanitizeInput,
} from './render-reading.ts';

export type ReadJob =
  | { kind: 'render'; source: Uint8Array; opts: RenderOptions }
  | { kind: 'text'; raw: Uint8Array; encoding: string; charset: string }
  | { kind: 'remote'; input: SanitizeInput }
  | { kind: 'edit'; source: Uint8Array };

export type ReadResult = RenderedMessage | EditableMessage | { text: string; document: string } | string;

/** A job and the port on which the worker says it has started (the time budget runs from then). */
export type ReadTask = ReadJob & { started: MessagePort };

/** Posted when a thread takes a task up: its Linux thread id and CPU time so far (0 / 0 where /proc is missing). */
export interface ReadStarted {
  tid: number;
  cpuMs: number;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export default async function run(task: ReadTask): Promise<ReadResult> {
  const started: ReadStarted = ownThreadCpu() ?? { tid: 0, cpuMs: 0 };
  task.started.postMessage(started);
  task.started.close();
  if (task.kind === 'render') return renderReading(asBuffer(task.source), task.opts);
  if (task.kind === 'remote') return sanitizeWithRemote(task.input);
  if (task.kind === 'edit') return parseForEditing(asBuffer(task.source));
  return decodeTextPart(asBuffer(task.raw), task.encoding, task.charset);
}
