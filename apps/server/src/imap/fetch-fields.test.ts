import { describe, expect, it } from 'vitest';
import parser from 'imapflow/lib/handler/imap-parser.js';
import { readAnswer, readFetchLine, type FramedResponse } from './fetch-fields.ts';
import type { Untagged } from './search-sort.ts';

const from = Buffer.from('From: =?UTF-8?B?7J2066+87KeA?= <minji.lee@example.kr>\r\n\r\n', 'latin1');
const framed = (line: string, literals: Buffer[] = []): FramedResponse => ({
  payload: Buffer.from(line, 'latin1'),
  literals,
});
// what imapflow's own parser makes of the same framed response (the path every other answer takes)
const viaImapflow = async (data: FramedResponse, field: 'size' | 'from') =>
  readAnswer((await parser(data.payload, { literals: data.literals })) as Untagged, field);

describe('readFetchLine', () => {
  it('reads the shapes Dovecot sends, as imapflow parser does', async () => {
    const cases: [FramedResponse, 'size' | 'from'][] = [
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 1552)'), 'size'],
      [framed('* 49999 FETCH (RFC822.SIZE 0 UID 50020)'), 'size'],
      [framed(`* 1 FETCH (UID 7 BODY[HEADER.FIELDS (FROM)]<0> {${from.length}}\r\n)`, [from]), 'from'],
      [framed(`* 2 FETCH (BODY[HEADER.FIELDS ("FROM")] {${from.length}}\r\n UID 8)`, [from]), 'from'],
    ];
    for (const [data, field] of cases) {
      const fast = readFetchLine(data, field);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(await viaImapflow(data, field));
    }
  });

  it('leaves every other shape to imapflow', () => {
    const lines: [FramedResponse, 'size' | 'from'][] = [
      [framed('* 1 FETCH (FLAGS (\\Seen) UID 1)'), 'size'],
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 1552 FLAGS (\\Seen))'), 'size'],
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 12345678901)'), 'size'],
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 15)trailing'), 'size'],
      [framed('* 1 FETCH (UID 1 UID 2 RFC822.SIZE 15)'), 'size'],
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 15'), 'size'],
      [framed('* 1 FETCH (UID 0 RFC822.SIZE 15)'), 'size'],
      [framed('* 1 EXPUNGE'), 'size'],
      [framed('A5 OK Fetch completed'), 'size'],
      [framed('* 1 FETCH (UID 1 RFC822.SIZE 15)'), 'from'],
      [framed('* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)]<0> "From: a")'), 'from'],
      [framed('* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)]<0> {5}\r\n)'), 'from'],
      [framed('* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)]<0> {5}\r\n)', [from, from]), 'from'],
      [framed('* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)'), 'from'],
      [framed('* 3 FETCH (UID 9 BODY[HEADER.FIELDS (FROM)]<0> NIL)'), 'from'],
    ];
    for (const [data, field] of lines) expect(readFetchLine(data, field), data.payload.toString()).toBeNull();
  });
});
