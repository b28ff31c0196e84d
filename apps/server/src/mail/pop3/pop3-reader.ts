/** Size bounds on what a POP3 server may send (it controls every byte). */
export interface Pop3Limits {
  /** one status line (RFC 1939: 512 octets; servers add a little) */
  maxLineBytes: number;
  /** one multi-line answer (a message for RETR/TOP, a listing for UIDL/LIST); past it the rest is read and dropped */
  maxMultilineBytes: number;
}

export const DEFAULT_POP3_LIMITS: Pop3Limits = { maxLineBytes: 4096, maxMultilineBytes: 50 * 1024 * 1024 };

/**
 * One answer. `body` is the dot-unstuffed multi-line content with CRLF line ends, or null when it was larger than
 * `maxMultilineBytes` (`bytes` still counts what the server sent, so the caller can say how large it was).
 */
export type Pop3Reply =
  { ok: true; status: string; body?: Buffer | null; bytes?: number } | { ok: false; status: string };

/** The server broke the protocol (no +OK/-ERR, a line past the bound): the connection cannot be trusted any more. */
export class Pop3ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pop3ProtocolError';
  }
}

const CRLF = Buffer.from('\r\n');

/**
 * Splits the byte stream into replies, in order of `expect` calls: 'single' for a status line, 'multi' for a
 * status line followed (after +OK only) by dot-terminated lines. Memory stays bounded by the limits.
 */
export class Pop3Reader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly expects: { kind: 'single' | 'multi'; maxBytes: number }[] = [];
  private skipLine = false;
  private body: { status: string; parts: Buffer[]; bytes: number; dropped: boolean; max: number } | null = null;

  constructor(private readonly limits: Pop3Limits = DEFAULT_POP3_LIMITS) {}

  /** `maxBytes` bounds this one multi-line answer (a message may be allowed more than a listing). */
  expect(kind: 'single' | 'multi', maxBytes = this.limits.maxMultilineBytes): void {
    this.expects.push({ kind, maxBytes });
  }

  /** Feeds bytes; returns the replies they complete. Throws Pop3ProtocolError on a broken stream. */
  push(chunk: Buffer): Pop3Reply[] {
    const replies: Pop3Reply[] = [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const lf = this.buf.indexOf(10, start);
      if (lf < 0) break;
      const end = lf > start && this.buf[lf - 1] === 13 ? lf - 1 : lf;
      const line = this.buf.subarray(start, end);
      start = lf + 1;
      const reply = this.line(line);
      if (reply) replies.push(reply);
    }
    this.buf = start >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(start));
    if (!this.body) {
      if (this.buf.length > this.limits.maxLineBytes)
        throw new Pop3ProtocolError(`status line longer than ${this.limits.maxLineBytes} bytes`);
    } else if (!this.body.dropped && this.body.bytes + this.buf.length > this.body.max) this.drop();
    // a dropped body keeps no partial line longer than ".\r" (the most a terminator line can hold before its LF)
    if (this.body?.dropped && this.buf.length > 2) {
      this.body.bytes += this.buf.length;
      this.buf = Buffer.alloc(0);
      this.skipLine = true;
    }
    return replies;
  }

  /** True while no reply is half-read and none is expected. */
  get idle(): boolean {
    return this.expects.length === 0 && !this.body && this.buf.length === 0;
  }

  private line(line: Buffer): Pop3Reply | null {
    if (this.skipLine) {
      // the rest of a line whose start was dropped: content, never the terminator
      this.skipLine = false;
      this.body!.bytes += line.length + 2;
      return null;
    }
    if (this.body) return this.bodyLine(line);
    const expected = this.expects.shift();
    if (!expected) throw new Pop3ProtocolError('the server sent a line nobody asked for');
    if (line.length > this.limits.maxLineBytes)
      throw new Pop3ProtocolError(`status line longer than ${this.limits.maxLineBytes} bytes`);
    const text = line.toString('latin1');
    const ok = text.startsWith('+OK');
    if (!ok && !text.startsWith('-ERR')) throw new Pop3ProtocolError(`not a POP3 status line: ${text.slice(0, 40)}`);
    const status = text.slice(ok ? 3 : 4).trim();
    if (!ok) return { ok: false, status };
    if (expected.kind === 'single') return { ok: true, status };
    this.body = { status, parts: [], bytes: 0, dropped: false, max: expected.maxBytes };
    return null;
  }

  private bodyLine(line: Buffer): Pop3Reply | null {
    const body = this.body!;
    if (line.length === 1 && line[0] === 46) {
      this.body = null;
      return {
        ok: true,
        status: body.status,
        body: body.dropped ? null : Buffer.concat(body.parts),
        bytes: body.bytes,
      };
    }
    const content = line[0] === 46 ? line.subarray(1) : line;
    body.bytes += content.length + 2;
    if (body.dropped) return null;
    if (body.bytes > body.max) {
      this.drop();
      return null;
    }
    body.parts.push(Buffer.from(content), CRLF);
    return null;
  }

  private drop(): void {
    this.body!.dropped = true;
    this.body!.parts = [];
  }
}
