// List rows read without BODYSTRUCTURE (attachment flag and preview from the first bytes of the body), checked
// against what the message's BODYSTRUCTURE says, on the real fixture: the difficult-MIME corpus and larger messages.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoutes, type MessagePage, type MessageSummary } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { findTextPart, hasAttachments } from '../reading/bodystructure.ts';
import { manyPartsMessage } from '../../features/message/hostile-mail.ts';
import { corpus, corpusSource } from '../mime/fixtures/corpus.ts';
import { previewFetchBytes, previewFromPart } from '../reading/preview.ts';
import { fetchRows } from './message-rows.ts';
import { RowCache } from './row-cache.ts';
import {
  appendMessage,
  buildMessage,
  createUser,
  imapClient,
  type MailUser,
} from '../../features/message/test-mail.ts';

let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const uids = new Map<string, number>();
const PDF = Buffer.alloc(40_000, 7);
const long = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

const built: Record<string, () => Promise<Buffer>> = {
  // an HTML part whose <head> is past the 8 KiB a preview reads: no preview, as with BODYSTRUCTURE
  'HTML with a 12 KB head': () =>
    buildMessage({
      subject: 'head',
      html: `<html><head><style>${'.x{color:red}'.repeat(900)}</style></head><body><p>Hidden words</p></body></html>`,
    }),
  // the text part is longer than the prefix, and the attachment comes after it: the flag comes from multipart/mixed
  'long text, then a PDF': () =>
    buildMessage({ subject: 'long', text: long('plain', 3000), attachments: [{ filename: 'a.pdf', content: PDF }] }),
  // an HTML part whose <head> takes most of the 8 KiB an HTML preview reads
  'HTML with an 8 KB head': () =>
    buildMessage({
      subject: 'head',
      html: `<html><head><style>${'.x{color:red}\n'.repeat(530)}</style></head><body><p>Visible words here</p></body></html>`,
      attachments: [{ filename: 'a.pdf', content: PDF }],
    }),
  'alternative, long plain and html': () =>
    buildMessage({ subject: 'alt', text: long('alt', 3000), html: `<p>${long('alt', 3000)}</p>` }),
  'text only, base64 Korean': () =>
    buildMessage({ subject: 'ko', text: '가정통신문을 보내드립니다. '.repeat(400), textEncoding: 'base64' }),
  '1,100 parts': async () => manyPartsMessage(1100),
  // the text part starts near the end of the prefix: its preview comes from a second, partial FETCH of part 1
  'text part cut by the prefix': async () =>
    Buffer.from(
      `From: a@school.test\r\nSubject: preamble\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
        `${'This is a MIME preamble line.\r\n'.repeat(290)}--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
        `${long('after', 500)}\r\n--b--\r\n`,
    ),
};

beforeAll(async () => {
  user = await createUser('t-rows');
  imap = await imapClient(user);
  await imap.mailboxCreate('Rows');
  for (const c of corpus) uids.set(c.file, await appendMessage(imap, 'Rows', corpusSource(c.file)));
  for (const [name, make] of Object.entries(built)) uids.set(name, await appendMessage(imap, 'Rows', await make()));
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
});

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

/** The row as BODYSTRUCTURE gives it: the flag, and the preview of the part it names. */
async function fromStructure(uid: number): Promise<{ preview: string; hasAttachments: boolean }> {
  const lock = await imap.getMailboxLock('Rows');
  try {
    const msg = await imap.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
    if (!msg) throw new Error(`no message ${uid}`);
    const part = findTextPart(msg.bodyStructure);
    let preview = '';
    if (part) {
      const bytes = previewFetchBytes(part);
      const got = await imap.fetchOne(
        String(uid),
        { uid: true, bodyParts: [{ key: part.part, start: 0, maxLength: bytes }] },
        { uid: true },
      );
      const raw = got ? got.bodyParts?.get(part.part) : undefined;
      if (raw) preview = previewFromPart(raw, part);
    }
    return { preview, hasAttachments: hasAttachments(msg.bodyStructure) };
  } finally {
    lock.release();
  }
}

describe('list rows without BODYSTRUCTURE', () => {
  let rows: MessageSummary[];
  beforeAll(async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.messages(accountId, 'Rows')}?limit=50`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    rows = res.json<MessagePage>().messages;
  });
  const row = (name: string) => rows.find((r) => r.uid === uids.get(name));

  // a multipart/mixed longer than the prefix is flagged from its type (see decision 010); these have no file
  const flaggedByType = new Set(['text part cut by the prefix']);

  it.each([...corpus.map((c) => c.file), ...Object.keys(built)])(
    '%s: the same preview and attachment flag as its BODYSTRUCTURE gives',
    async (name) => {
      const want = await fromStructure(uids.get(name)!);
      if (flaggedByType.has(name)) {
        expect(row(name)).toMatchObject({ preview: want.preview, hasAttachments: true });
        expect(want.hasAttachments).toBe(false);
      } else expect(row(name)).toMatchObject(want);
    },
  );

  it('the cases above read as a person expects', () => {
    expect(row('long text, then a PDF')).toMatchObject({
      hasAttachments: true,
      preview: expect.stringMatching(/^plain0 plain1 /),
    });
    expect(row('HTML with an 8 KB head')).toMatchObject({ hasAttachments: true, preview: 'Visible words here' });
    expect(row('HTML with a 12 KB head')).toMatchObject({ hasAttachments: false, preview: '' });
    expect(row('alternative, long plain and html')).toMatchObject({ hasAttachments: false });
    expect(row('alternative, long plain and html')?.preview).toMatch(/^alt0 alt1 /);
    expect(row('text only, base64 Korean')?.preview).toMatch(/^가정통신문을 보내드립니다\./);
    expect(row('text part cut by the prefix')?.preview).toMatch(/^after0 after1 after2 /);
    expect(row('1,100 parts')).toMatchObject({ hasAttachments: true, preview: 'A message of eleven hundred parts.' });
  });
});

describe('rows kept in the row cache (decision 048)', () => {
  it('are the rows read in full with their flags read again: one FLAGS FETCH, a message gone left out', async () => {
    const all = [...uids.values()];
    const first = uids.get('long text, then a PDF')!;
    const gone = uids.get('text only, base64 Korean')!;
    const lock = await imap.getMailboxLock('Rows');
    try {
      const plain = await fetchRows(imap, all);
      const cached = { rows: new RowCache(), owner: accountId };
      expect(await fetchRows(imap, all, cached)).toEqual(plain);

      const other = await imapClient(user);
      try {
        await other.mailboxOpen('Rows');
        await other.messageFlagsAdd(String(first), ['\\Seen', '\\Flagged'], { uid: true });
        await other.messageDelete(String(gone), { uid: true });
      } finally {
        await other.logout();
      }
      await imap.noop();
      const fetches = vi.spyOn(imap, 'fetchAll');
      const again = await fetchRows(imap, all, cached);
      expect(fetches.mock.calls.map((c) => c[1])).toEqual([{ uid: true, flags: true }]);
      fetches.mockRestore();
      const expected = plain
        .filter((r) => r.uid !== gone)
        .map((r) => (r.uid === first ? { ...r, flags: { ...r.flags, seen: true, flagged: true } } : r));
      expect(again).toEqual(expected);
      expect(again.length).toBe(all.length - 1);
    } finally {
      lock.release();
    }
  });
});
