import { simpleParser, type ParsedMail } from 'mailparser';

export interface ParseMailOptions {
  /** keep `cid:` URLs in the HTML as they are (the sanitizer inlines them itself); default true */
  keepCidLinks?: boolean;
}

/** The one way the server parses a message source: mailparser plus Pigeon's fix-ups for difficult MIME. */
export async function parseMail(source: Buffer, opts: ParseMailOptions = {}): Promise<ParsedMail> {
  return simpleParser(source, { keepCidLinks: opts.keepCidLinks ?? true, skipTextToHtml: true });
}
