import { describe, expect, it } from 'vitest';
import { Pop3ProtocolError, Pop3Reader } from './pop3-reader.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

/** Feeds `text` in chunks of `size` bytes and collects every reply. */
function feed(reader: Pop3Reader, text: string, size: number) {
  const out = [];
  const bytes = b(text);
  for (let i = 0; i < bytes.length; i += size) out.push(...reader.push(bytes.subarray(i, i + size)));
  return out;
}

describe('Pop3Reader', () => {
  it('reads status lines and dot-unstuffed bodies, whatever the chunk boundaries', () => {
    const stream =
      '+OK ready\r\n+OK 2 octets\r\nSubject: x\r\n\r\n..leading dot\r\nlast\r\n.\r\n-ERR no such message\r\n';
    for (const size of [1, 2, 3, 7, 1000]) {
      const r = new Pop3Reader();
      r.expect('single');
      r.expect('multi');
      r.expect('multi');
      const replies = feed(r, stream, size);
      expect(replies).toHaveLength(3);
      expect(replies[0]).toEqual({ ok: true, status: 'ready' });
      expect(replies[1]!.ok && replies[1]!.body?.toString()).toBe('Subject: x\r\n\r\n.leading dot\r\nlast\r\n');
      expect(replies[2]).toEqual({ ok: false, status: 'no such message' });
      expect(r.idle).toBe(true);
    }
  });

  it('takes bare LF line ends and an empty body', () => {
    const r = new Pop3Reader();
    r.expect('multi');
    const [reply] = r.push(b('+OK\n.\n'));
    expect(reply).toEqual({ ok: true, status: '', body: Buffer.alloc(0), bytes: 0 });
  });

  it('refuses a line that is neither +OK nor -ERR, and lines nobody asked for', () => {
    const r = new Pop3Reader();
    r.expect('single');
    expect(() => r.push(b('* OK IMAP here\r\n'))).toThrow(Pop3ProtocolError);
    const q = new Pop3Reader();
    expect(() => q.push(b('+OK surprise\r\n'))).toThrow(/nobody asked/);
  });

  it('refuses a status line past the bound without waiting for its end', () => {
    const r = new Pop3Reader({ maxLineBytes: 100, maxMultilineBytes: 1000 });
    r.expect('single');
    expect(() => r.push(b('+OK ' + 'x'.repeat(200)))).toThrow(/longer than 100/);
  });

  it('drops a body past the bound, keeps memory bounded and stays in step for the next reply', () => {
    const r = new Pop3Reader({ maxLineBytes: 100, maxMultilineBytes: 1000 });
    r.expect('multi');
    r.expect('single');
    const big = '+OK\r\n' + ('y'.repeat(50) + '\r\n').repeat(100) + 'z'.repeat(5000) + '\r\n.\r\n+OK next\r\n';
    const replies = feed(r, big, 64);
    expect(replies[0]).toMatchObject({ ok: true, body: null });
    expect((replies[0] as { bytes: number }).bytes).toBeGreaterThan(1000);
    expect(replies[1]).toEqual({ ok: true, status: 'next' });
  });

  it('a dropped body does not end at a line that merely ends in a dot', () => {
    const r = new Pop3Reader({ maxLineBytes: 100, maxMultilineBytes: 10 });
    r.expect('multi');
    // a long line ".....\r" split so its tail looks like a terminator start
    const out = [...r.push(b('+OK\r\n' + 'a'.repeat(300) + '.')), ...r.push(b('\r\n'))];
    expect(out).toHaveLength(0);
    expect(r.push(b('.\r\n'))).toHaveLength(1);
  });

  it('one very long line inside a body counts toward the body bound only', () => {
    const r = new Pop3Reader({ maxLineBytes: 100, maxMultilineBytes: 10_000 });
    r.expect('multi');
    const [reply] = feed(r, '+OK\r\n' + 'q'.repeat(5000) + '\r\n.\r\n', 333);
    expect(reply!.ok && reply!.body?.length).toBe(5002);
  });
});
