import type { ImapFlow } from 'imapflow';
import { run, type CommandToken, type Untagged } from './search-sort.ts';

/** What a sort without the server's SORT reads of each message: its size, or one raw header field. */
export type SortField = 'size' | 'from' | 'subject';

// a From or Subject field past this is hostile (a 1 MB header): its first bytes still sort it
const FIELD_MAX_BYTES = 8192;

type Token = { type?: string; value?: unknown } | Token[] | null | undefined;

const itemOf = (field: SortField): CommandToken =>
  field === 'size'
    ? { type: 'ATOM', value: 'RFC822.SIZE' }
    : ({
        type: 'ATOM',
        value: 'BODY.PEEK',
        section: [{ type: 'ATOM', value: 'HEADER.FIELDS' }, [{ type: 'ATOM', value: field.toUpperCase() }]],
        partial: [0, FIELD_MAX_BYTES],
      } as CommandToken);

const word = (t: Token): string => (t && !Array.isArray(t) && typeof t.value === 'string' ? t.value.toUpperCase() : '');

/** The UID and the field's value of one untagged FETCH answer (imapflow's parsed tokens). Pure. */
export function readAnswer(u: Untagged, field: SortField): { uid: number; value: number | Buffer } | null {
  const pairs = u.attributes?.[1];
  if (!Array.isArray(pairs)) return null;
  let uid = 0;
  let value: number | Buffer | undefined;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = word(pairs[i] as Token);
    const v = pairs[i + 1] as Token;
    if (!v || Array.isArray(v)) continue;
    if (key === 'UID') uid = Number(v.value);
    else if (key === 'RFC822.SIZE' && field === 'size') value = Number(v.value);
    else if (key === 'BODY' && field !== 'size')
      value = Buffer.isBuffer(v.value) ? v.value : Buffer.from(typeof v.value === 'string' ? v.value : '', 'latin1');
  }
  if (!Number.isSafeInteger(uid) || uid <= 0 || value === undefined) return null;
  return { uid, value: typeof value === 'number' && !Number.isSafeInteger(value) ? 0 : value };
}

/** A response as imapflow's stream frames it before parsing: the line (literal markers kept) and the literals' bytes. */
export interface FramedResponse {
  payload: Buffer;
  literals: Buffer[];
}

const SP = 0x20;
const ascii = (text: string) => Buffer.from(text, 'latin1');
const HEAD = ascii('* ');
const FETCH_OPEN = ascii(' FETCH (');
const UID = ascii('UID ');
const SIZE = ascii('RFC822.SIZE ');
const BODY = ascii('BODY[');

// a cursor over one line; methods rather than closures: this runs once per message, 50,000 times a sort
class LineCursor {
  at = 0;
  constructor(readonly b: Buffer) {}

  take(word: Buffer): boolean {
    const { b, at } = this;
    if (b.length - at < word.length) return false;
    for (let i = 0; i < word.length; i++) if (b[at + i] !== word[i]) return false;
    this.at += word.length;
    return true;
  }

  /** A number of 1–10 digits, or -1. */
  digits(): number {
    const { b } = this;
    const start = this.at;
    let n = 0;
    while (this.at < b.length && this.at - start <= 10) {
      const c = b[this.at]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      this.at++;
    }
    const length = this.at - start;
    return length > 0 && length <= 10 ? n : -1;
  }

  byte(): number {
    return this.at < this.b.length ? this.b[this.at++]! : -1;
  }
}

/**
 * The UID and the field's value of `* n FETCH (UID u RFC822.SIZE s)` or `* n FETCH (UID u BODY[…]<0> {len}CRLF)`, read
 * byte by byte in exactly that shape (the two items in either order); null for anything else, which imapflow's parser
 * then reads as before. The literal itself (the sender's bytes) is not looked into here. Pure.
 */
export function readFetchLine(data: FramedResponse, field: SortField): { uid: number; value: number | Buffer } | null {
  const c = new LineCursor(data.payload);
  if (!c.take(HEAD) || c.digits() < 1 || !c.take(FETCH_OPEN)) return null;
  let uid = 0;
  let value: number | Buffer | undefined;
  for (;;) {
    if (c.take(UID)) {
      if (uid || (uid = c.digits()) < 1) return null;
    } else if (c.take(SIZE)) {
      const size = c.digits();
      if (field !== 'size' || value !== undefined || size < 0) return null;
      value = size;
    } else if (c.take(BODY)) {
      if (field === 'size' || value !== undefined) return null;
      // the section holds atoms and a list of field names, never a bracket
      const close = c.b.indexOf(0x5d, c.at);
      if (close < 0) return null;
      c.at = close + 1;
      if (c.b[c.at] === 0x3c) {
        c.at++;
        if (c.digits() < 0 || c.byte() !== 0x3e) return null;
      }
      if (c.byte() !== SP) return null;
      // `{len}` CRLF: the one literal of this response, framed by the stream
      if (c.byte() !== 0x7b || c.digits() < 0 || c.byte() !== 0x7d || c.byte() !== 0x0d || c.byte() !== 0x0a)
        return null;
      if (data.literals.length !== 1) return null;
      value = data.literals[0]!;
    } else return null;
    const next = c.byte();
    if (next === 0x29 && c.at === c.b.length) break;
    if (next !== SP) return null;
  }
  return uid > 0 && value !== undefined ? { uid, value } : null;
}

type ResponseHandler = (data: FramedResponse) => Promise<boolean>;
interface Internals {
  handleResponse?: ResponseHandler;
  currentRequest?: { options?: { untagged?: Record<string, unknown> } } | false;
}

/**
 * Runs `fn` with the answers of its own FETCH (the request whose untagged FETCH handler is `mine`) read by
 * `readFetchLine` before imapflow's parser: its tokenizer is 9/10 of the CPU of 50,000 short answers (decision 048
 * part 3). Any other response, and any answer of another shape, goes through imapflow as before.
 */
async function withFetchLines<T>(
  client: ImapFlow,
  mine: unknown,
  read: (data: FramedResponse) => boolean,
  fn: () => Promise<T>,
): Promise<T> {
  const target = client as unknown as Internals;
  const original = target.handleResponse;
  if (typeof original !== 'function') return fn();
  const own = Object.prototype.hasOwnProperty.call(target, 'handleResponse');
  target.handleResponse = async function (this: unknown, data: FramedResponse) {
    const current = target.currentRequest;
    if (current && current.options?.untagged?.FETCH === mine && read(data)) return true;
    return original.call(this, data);
  };
  try {
    return await fn();
  } finally {
    if (own) target.handleResponse = original;
    else delete target.handleResponse;
  }
}

/**
 * One sort field of the messages in `set` (`UID FETCH set (UID RFC822.SIZE)` or `(UID BODY.PEEK[HEADER.FIELDS (FROM)]<0.8192>)`),
 * each answer read from its bytes (`readFetchLine`), or from imapflow's tokens when it has another shape: imapflow's
 * fetch() builds a whole message object per answer, and its parser is most of the rest (decision 048 part 2, 3). At
 * most `max` answers are kept (a server could send more).
 * Invariant: the mailbox is selected and locked.
 */
export async function uidFetchField(
  client: ImapFlow,
  set: string,
  field: SortField,
  max: number,
): Promise<Map<number, number | Buffer>> {
  const out = new Map<number, number | Buffer>();
  if (!set) return out;
  const keep = (answer: { uid: number; value: number | Buffer } | null) => {
    if (answer && out.size < max) out.set(answer.uid, answer.value);
  };
  const sequence = { type: 'SEQUENCE', value: set } as unknown as CommandToken;
  const FETCH = async (u: Untagged) => keep(readAnswer(u, field));
  const read = (data: FramedResponse) => {
    const answer = readFetchLine(data, field);
    if (answer) keep(answer);
    return answer !== null;
  };
  await withFetchLines(client, FETCH, read, () =>
    run(client, 'UID FETCH', [sequence, [{ type: 'ATOM', value: 'UID' }, itemOf(field)]], { FETCH }),
  );
  return out;
}
