import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { SEARCH_PROGRESS_TYPE, type ErrorBody } from '@pigeon/shared';
import { isAppError } from './app-error.ts';

/** The last line of an answer that failed after it began. */
export type ErrorLine = { error: ErrorBody['error']; status: number };

/** True when the client asked for the answer line by line, with progress (`Accept: application/x-ndjson`). Pure. */
export const wantsLines = (accept: string | undefined): boolean => !!accept && accept.includes(SEARCH_PROGRESS_TYPE);

/** The error line of a failure after the answer began (its status is already 200): the same code an error answer has. Pure. */
export function errorLine(err: unknown): ErrorLine {
  if (isAppError(err)) return { error: { code: err.code, message: err.message }, status: err.statusCode };
  const error: ErrorBody['error'] = { code: 'internal.error', message: 'Something went wrong on the server.' };
  return { error, status: 500 };
}

/**
 * An answer written as JSON lines, begun only at the first line: until then the route can still answer with a plain
 * JSON body or an HTTP error (a bad cursor is a 400, not a line). Used by the all-folders search (AllFoldersLine) and
 * a folder's list sorted here (ListLine).
 */
export class ProgressLines<Line extends object> {
  private out: PassThrough | null = null;

  constructor(private readonly reply: FastifyReply) {}

  get started(): boolean {
    return this.out !== null;
  }

  write(line: Line): void {
    if (!this.out) {
      this.out = new PassThrough();
      void this.reply.type(`${SEARCH_PROGRESS_TYPE}; charset=utf-8`).header('Cache-Control', 'no-store').send(this.out);
    }
    this.out.write(`${JSON.stringify(line)}\n`);
  }

  end(line: Line): void {
    this.write(line);
    this.out?.end();
  }
}
