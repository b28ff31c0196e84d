// fetchStructure against the real fixture: the structure built a few parts per turn is the one imapflow's fetch
// gives (this also pins the imapflow internals it uses: exec and the token shape of a FETCH response).
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, corpusSource } from '../mail/mime/fixtures/corpus.ts';
import { cidFloodMessage, manyPartsMessage } from '../features/message/hostile-mail.ts';
import { appendMessage, buildMessage, createUser, imapClient } from '../features/message/test-mail.ts';
import { fetchStructure } from './fetch-structure.ts';

const FOLDER = 'Structures';
let imap: ImapFlow;
const uids = new Map<string, number>();

/** A message/rfc822 part holding a multipart message, inside a multipart/mixed inside a multipart/alternative. */
function nestedMessage(): Buffer {
  const inner =
    'From: b@school.test\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary="i"\r\n\r\n' +
    '--i\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--i\r\nContent-Type: image/png; name="x.png"\r\n' +
    "Content-Disposition: attachment; filename*=utf-8''%ED%95%9C.png\r\n\r\nPNG\r\n--i--\r\n";
  return Buffer.from(
    'From: a@school.test\r\nSubject: nested\r\nContent-Type: multipart/mixed; boundary="o"\r\n\r\n' +
      '--o\r\nContent-Type: multipart/alternative; boundary="a"\r\n\r\n' +
      '--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--a--\r\n' +
      `--o\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n${inner}\r\n--o--\r\n`,
  );
}

beforeAll(async () => {
  const user = await createUser('t-structure');
  imap = await imapClient(user);
  await imap.mailboxCreate(FOLDER);
  for (const c of corpus) uids.set(c.file, await appendMessage(imap, FOLDER, corpusSource(c.file)));
  const built: Record<string, Buffer> = {
    'single part': await buildMessage({ subject: 'one', text: 'just text' }),
    'text and files': await buildMessage({
      subject: 'files',
      html: '<p>hi</p>',
      text: 'hi',
      attachments: [{ filename: '가정통신문.pdf', content: Buffer.alloc(3000, 1) }],
    }),
    nested: nestedMessage(),
    '1,100 parts': manyPartsMessage(1100),
    '1,100 parts, padded': manyPartsMessage(1100, 600 * 1024),
    'cid flood': cidFloodMessage(20, 2048),
  };
  for (const [name, raw] of Object.entries(built)) uids.set(name, await appendMessage(imap, FOLDER, raw));
  await imap.mailboxOpen(FOLDER);
});

afterAll(async () => {
  await imap?.logout();
});

describe('fetchStructure', () => {
  it('gives what imapflow gives for every message of the corpus, nested and 1,100-part ones included', async () => {
    expect(uids.size).toBeGreaterThan(10);
    for (const [name, uid] of uids) {
      const expected = await imap.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
      expect(expected && expected.bodyStructure, name).toBeTruthy();
      expect(await fetchStructure(imap, uid), name).toEqual(expected && expected.bodyStructure);
    }
  });

  it('numbers the parts of a message inside a message as IMAP does', async () => {
    const s = await fetchStructure(imap, uids.get('nested') as number);
    expect(s?.part).toBeUndefined();
    expect(s?.childNodes?.map((c) => c.part)).toEqual(['1', '2']);
    const attached = s?.childNodes?.[1];
    expect(attached?.type).toBe('message/rfc822');
    expect(attached?.childNodes?.[0]?.childNodes?.map((c) => c.part)).toEqual(['2.1', '2.2']);
    expect(attached?.childNodes?.[0]?.childNodes?.[1]?.dispositionParameters?.filename).toBe('한.png');
  });

  it('a timer set when the answer of 1,100 parts arrives runs before its structure is built', async () => {
    // the test's own client, observed: when imapflow hands the FETCH answer over, a timer is set; imapflow's own
    // fetch built the whole structure in that task, so the timer could only run after it
    type Exec = (c: string, a: unknown[], o: { untagged?: Record<string, (r: unknown) => Promise<void>> }) => unknown;
    const client = imap as unknown as { exec: Exec };
    const exec = client.exec;
    const order: string[] = [];
    client.exec = function (this: unknown, command, attributes, options) {
      const fetch = options.untagged?.FETCH;
      if (command === 'UID FETCH' && fetch)
        options.untagged = {
          FETCH: (response) => {
            setTimeout(() => order.push('timer'), 0);
            return fetch(response);
          },
        };
      return exec.call(this, command, attributes, options);
    };
    try {
      const s = await fetchStructure(imap, uids.get('1,100 parts') as number);
      order.push('built');
      expect(s?.childNodes).toHaveLength(1101);
    } finally {
      client.exec = exec;
    }
    expect(order).toEqual(['timer', 'built']);
  });

  it('is null for a UID the folder does not hold, and the connection keeps working', async () => {
    expect(await fetchStructure(imap, 999_999)).toBeNull();
    const again = await fetchStructure(imap, uids.get('single part') as number);
    expect(again?.type).toBe('text/plain');
  });
});
