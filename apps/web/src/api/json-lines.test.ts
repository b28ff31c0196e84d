import { describe, expect, it } from 'vitest';
import { ApiError } from './http';
import { readLines } from './json-lines';

/** A body that arrives in these chunks (a line may be split anywhere, even inside a Korean character). */
const body = (...chunks: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      c.close();
    },
  });

describe('readLines', () => {
  it('hands every progress line on and answers the page, whatever the chunks', async () => {
    const seen: unknown[] = [];
    const korean = new TextEncoder().encode('{"page":{"q":"학교"}}\n');
    const page = await readLines(
      body(
        '{"progress":{"folder":1,"folders":2}}\n{"progr',
        'ess":{"folder":2,"folders":2}}\n',
        korean.slice(0, 13),
        korean.slice(13),
      ),
      (p) => seen.push(p),
    );
    expect(seen).toEqual([
      { folder: 1, folders: 2 },
      { folder: 2, folders: 2 },
    ]);
    expect(page).toEqual({ q: '학교' });
  });

  it('turns an error line into the ApiError the whole answer would have been', async () => {
    const failed = readLines(
      body(
        '{"progress":{"folder":1,"folders":2}}\n',
        '{"error":{"code":"list.anchor_gone","message":"gone"},"status":409}\n',
      ),
      () => {},
    );
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ code: 'list.anchor_gone', status: 409 });
  });

  it('says an answer cut short before its page is an error', async () => {
    await expect(readLines(body('{"progress":{"folder":1,"folders":2}}\n'), () => {})).rejects.toMatchObject({
      code: 'network.offline',
    });
  });
});
