import { describe, expect, it } from 'vitest';
import { gatedMessage } from './smtp.ts';

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('gatedMessage', () => {
  it('hands over the whole body, and ends (releasing the end of DATA) only after beforeCommit resolved', async () => {
    let release!: () => void;
    let called = false;
    const stream = gatedMessage(Buffer.from('body'), () => {
      called = true;
      return new Promise<void>((r) => (release = r));
    });
    let ended = false;
    const done = drain(stream).then((b) => ((ended = true), b));
    await new Promise((r) => setImmediate(r));
    expect(called).toBe(true);
    expect(ended).toBe(false);
    release();
    expect((await done).toString()).toBe('body');
  });

  it('hands a large body over in slices (views of the message, not copies), and all of it', async () => {
    const raw = Buffer.alloc(1024 * 1024 + 5, 'x');
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    for await (const c of gatedMessage(raw, () => Promise.resolve())) {
      sizes.push((c as Buffer).length);
      chunks.push(c as Buffer);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
    expect(chunks[0]!.buffer).toBe(raw.buffer);
    expect(Buffer.concat(chunks).equals(raw)).toBe(true);
  });

  it('never ends when beforeCommit fails: the stream errors instead', async () => {
    const stream = gatedMessage(Buffer.from('body'), () => Promise.reject(new Error('database down')));
    await expect(drain(stream)).rejects.toThrow('database down');
  });
});
