import { ApiError } from './http';

/** One line of a streamed answer (`application/x-ndjson`): progress as it goes, then the answer or an error. */
export type AnswerLine<T, P> =
  { progress: P } | { page: T } | { error: { code: string; message: string }; status: number };

/**
 * Reads a JSON-lines answer: every `progress` line goes to `onProgress`, the `page` line is the answer, an `error`
 * line becomes the ApiError the same failure would have been as a whole answer. An answer cut short is an error.
 */
export async function readLines<T, P>(body: ReadableStream<Uint8Array>, onProgress: (p: P) => void): Promise<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const take = (line: string): { done: true; value: T } | null => {
    if (!line.trim()) return null;
    const parsed = JSON.parse(line) as AnswerLine<T, P>;
    if ('progress' in parsed) onProgress(parsed.progress);
    else if ('page' in parsed) return { done: true, value: parsed.page };
    else throw new ApiError({ status: parsed.status, code: parsed.error.code, message: parsed.error.message });
    return null;
  };
  for (;;) {
    const { done, value } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    const lines = buffered.split('\n');
    buffered = done ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      const answer = take(line);
      if (answer) {
        void reader.cancel().catch(() => {});
        return answer.value;
      }
    }
    if (done) throw new ApiError({ status: 0, code: 'network.offline', message: 'The answer was cut short.' });
  }
}
