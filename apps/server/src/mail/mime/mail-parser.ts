import { Transform, type TransformCallback } from 'node:stream';
import { MailParser, type Attachment, type MailParserOptions, type ParsedMail } from 'mailparser';
import { charsetName, decodeText, UNDECLARED, UTF7_BODY } from './charset.ts';
import { headerWords } from './header-words.ts';

/**
 * What mailparser calls through its `Iconv` option to decode a body in a charset other than UTF-8/ASCII
 * (node-iconv's shape: `new Iconv(from, to)`, a stream). Here it is decodeText, so ISO-2022-KR and the
 * Korean aliases decode. mailparser refuses UTF-7 before asking, so UTF-7 parts reach it as UTF7_BODY.
 */
export class BodyCharsetDecoder extends Transform {
  private readonly chunks: Buffer[] = [];
  constructor(private readonly charset: string) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }
  override _flush(done: TransformCallback): void {
    try {
      this.push(Buffer.from(decodeText(Buffer.concat(this.chunks), this.charset), 'utf8'));
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}

// mailparser's internals used here (stable across 3.x, see decision 012): its header decoder
// (`libmime`), the per-part node it builds, and the text-body state it keeps while streaming.
interface SplitNode {
  filename?: string;
  disposition?: string;
  contentType?: string;
  charset?: string;
}
interface ParserNode {
  root?: boolean;
  charset?: string;
  contentType?: string;
  disposition?: string;
  isAttachment?: boolean;
}
interface ParserInternals extends Transform {
  libmime: unknown;
  hasText: boolean;
  hasHtml: boolean;
  headerLines: ParsedMail['headerLines'];
  createNode(node: SplitNode): ParserNode;
  processChunk(data: unknown, done: (err?: unknown) => void): void;
  updateImageLinks(
    replace: (attachment: Attachment, done: (err: unknown, link: string | false) => void) => void,
    done: (err: unknown, html: string) => void,
  ): void;
}
const Base = MailParser as unknown as new (options: object) => ParserInternals;

const TEXT_TYPES = new Set(['text/plain', 'text/html']);

/** mailparser with Pigeon's charsets, and named text parts after the body listed as attachments. */
class PigeonMailParser extends Base {
  /** the charsets the message's text parts declare, for repairing raw 8-bit names */
  readonly textCharsets = new Set<string>();

  constructor(options: object) {
    super(options);
    this.libmime = headerWords;
  }

  /** A throw while a part is set up (createNode) would escape from a stream callback and leave the parse hanging. */
  override processChunk(data: unknown, done: (err?: unknown) => void): void {
    try {
      super.processChunk(data, done);
    } catch (err) {
      done(err);
    }
  }

  override createNode(node: SplitNode): ParserNode {
    const created = super.createNode(node);
    const type = (node.contentType ?? '').toLowerCase();
    if (TEXT_TYPES.has(type) && node.charset) this.textCharsets.add(node.charset);
    // no charset, or ASCII: mailparser would read 8-bit bytes as UTF-8 unchecked; decodeText sniffs them instead
    if (TEXT_TYPES.has(type) && !created.isAttachment && (!node.charset || /^(?:us-?)?ascii$/i.test(node.charset))) {
      created.charset = UNDECLARED;
    }
    if (
      TEXT_TYPES.has(type) &&
      !created.isAttachment &&
      typeof node.charset === 'string' &&
      charsetName(node.charset) === 'UTF-7'
    ) {
      created.charset = UTF7_BODY;
    }
    // a named text part without Content-Disposition, after the body: a file (memo.txt), not more body
    if (!created.root && TEXT_TYPES.has(type) && !node.disposition && node.filename && (this.hasText || this.hasHtml)) {
      created.disposition = 'attachment';
      created.isAttachment = true;
    }
    return created;
  }
}

export interface RawParse {
  mail: ParsedMail;
  textCharsets: string[];
}

const ADDRESS_KEYS = [
  'subject',
  'references',
  'date',
  'to',
  'from',
  'cc',
  'bcc',
  'message-id',
  'in-reply-to',
  'reply-to',
];

/** MIME parts one parse reads at most (Dovecot's own message parser stops at 10,000 as well). */
export const MAX_MIME_PARTS = 10_000;

/** simpleParser's result, parsed by PigeonMailParser (same fields; attachments read into Buffers). */
export function runMailParser(source: Buffer, options: { keepCidLinks: boolean }): Promise<RawParse> {
  const parser = new PigeonMailParser({
    skipTextToHtml: true,
    Iconv: BodyCharsetDecoder,
    // every message/rfc822 part is an attached message (listed, openable), never spliced into the body
    ignoreEmbedded: true,
    // mailsplit refuses a message past 1,000 parts; Dovecot itself parses up to 10,000 (the worker's budget bounds it)
    maxChildNodes: MAX_MIME_PARTS,
  } satisfies MailParserOptions & { ignoreEmbedded: boolean; maxChildNodes: number });
  return new Promise((resolve, reject) => {
    const mail = { attachments: [] as Attachment[] } as unknown as ParsedMail & Record<string, unknown>;
    let settled = false;
    const fail = (err: unknown) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    parser.on('error', fail);
    parser.on('headers', (headers: ParsedMail['headers']) => {
      mail.headers = headers;
      mail.headerLines = parser.headerLines;
    });
    parser.on('data', (data: { type: string } & Record<string, unknown>) => {
      if (data.type === 'text') {
        for (const key of ['text', 'html', 'textAsHtml']) if (key in data) mail[key] = data[key];
        return;
      }
      if (data.type !== 'attachment') return;
      const streamed = data as unknown as { content: NodeJS.ReadableStream; release: () => void };
      const attachment = data as unknown as Attachment;
      mail.attachments.push(attachment);
      const chunks: Buffer[] = [];
      streamed.content.on('data', (chunk: Buffer) => chunks.push(chunk));
      streamed.content.on('end', () => {
        const release = streamed.release;
        attachment.content = Buffer.concat(chunks);
        release();
      });
    });
    parser.on('end', () => {
      for (const key of ADDRESS_KEYS) {
        if (mail.headers?.has(key))
          mail[key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = mail.headers.get(key);
      }
      const done = () => {
        settled = true;
        resolve({ mail, textCharsets: [...parser.textCharsets] });
      };
      if (options.keepCidLinks || settled) return done();
      parser.updateImageLinks(
        (a, next) => next(false, `data:${a.contentType};base64,${a.content.toString('base64')}`),
        (err, html) => {
          if (err) return fail(err);
          mail.html = html;
          done();
        },
      );
    });
    parser.end(source);
  });
}
