import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { findTextPart, hasAttachments } from '../reading/bodystructure.ts';
import { mayCarryFiles, readRowPrefix, ROW_TEXT_BYTES } from './row-prefix.ts';

/** A message split as the row FETCH sees it: the header block, and the first `bytes` of its body. */
async function asFetched(mail: ConstructorParameters<typeof MailComposer>[0], bytes = ROW_TEXT_BYTES) {
  const raw: Buffer = await new MailComposer(mail).compile().build();
  const end = raw.indexOf('\r\n\r\n') + 4;
  const text = raw.subarray(end, end + bytes);
  return readRowPrefix(raw.subarray(0, end), text, text.length < bytes);
}

const pdf = { filename: 'report.pdf', content: Buffer.alloc(20_000, 1), contentType: 'application/pdf' };

describe('a list row read from the first bytes of the body', () => {
  it('a whole small message gives its full structure: the plain part of the alternative, the attachment', async () => {
    const p = await asFetched({ subject: 's', text: 'hello plain', html: '<p>hi</p>', attachments: [pdf] }, 64_000);
    expect(findTextPart(p.structure)).toEqual({ part: '1.1', type: 'text/plain', encoding: '7bit', charset: 'utf-8' });
    expect(p.bodies.get('1.1')?.toString()).toBe('hello plain');
    expect(p.ended.has('1.1')).toBe(true);
    expect(hasAttachments(p.structure)).toBe(true);
  });

  it('a prefix cut inside the attachment still knows the text part; the attachment is seen by its headers', async () => {
    const p = await asFetched({ subject: 's', text: 'hello plain', attachments: [pdf] });
    expect(p.whole).toBe(false);
    expect(findTextPart(p.structure)?.part).toBe('1');
    expect(p.bodies.get('1')?.toString()).toBe('hello plain');
    expect(p.ended.has('1')).toBe(true);
    expect(p.ended.has('2')).toBe(false);
    expect(hasAttachments(p.structure)).toBe(true);
  });

  it('a prefix cut before the attachment: a mixed message may carry files, an alternative does not', async () => {
    const long = 'word '.repeat(3000);
    const mixed = await asFetched({ subject: 's', text: long, attachments: [pdf] });
    expect(hasAttachments(mixed.structure)).toBe(false);
    expect(mayCarryFiles(mixed.structure)).toBe(true);
    expect(mixed.ended.has('1')).toBe(false);
    expect(mixed.bodies.get('1')!.length).toBeGreaterThan(2048); // enough for a plain preview
    const alternative = await asFetched({ subject: 's', text: long, html: `<p>${long}</p>` });
    expect(mayCarryFiles(alternative.structure)).toBe(false);
  });

  it('a whole small message without files is seen to its end', async () => {
    const p = await asFetched({ subject: 's', text: 'hello plain', html: '<p>hi</p>' });
    expect(p.whole).toBe(true);
    expect(hasAttachments(p.structure)).toBe(false);
    expect(p.ended).toEqual(new Set(['1', '2']));
  });

  it('a single-part body is part 1, still transfer-encoded', async () => {
    const head = Buffer.from(
      'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
    );
    const p = await readRowPrefix(head, Buffer.from('<p>caf=C3=A9</p>'), true);
    expect(findTextPart(p.structure)).toEqual({
      part: '1',
      type: 'text/html',
      encoding: 'quoted-printable',
      charset: 'utf-8',
    });
    expect(p.bodies.get('1')?.toString()).toBe('<p>caf=C3=A9</p>');
    expect(p.ended.has('1')).toBe(true);
  });

  it('a named inline image in a related message counts as a file, as with BODYSTRUCTURE', async () => {
    const logo = { filename: 'logo.png', cid: 'logo@x', content: Buffer.from('89504e47', 'hex') };
    const p = await asFetched({ subject: 's', html: '<img src="cid:logo@x"><p>hi</p>', attachments: [logo] });
    expect(hasAttachments(p.structure)).toBe(true);
    expect(findTextPart(p.structure)?.type).toBe('text/html');
  });

  it('a header block past 64 KiB (hostile) is not parsed: the text reads as plain us-ascii', async () => {
    const head = Buffer.from(`Subject: ${'x'.repeat(70_000)}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n`);
    const p = await readRowPrefix(head, Buffer.from('--b\r\n\r\nbody\r\n--b--\r\n'), true);
    expect(findTextPart(p.structure)).toMatchObject({ part: '1', type: 'text/plain' });
  });

  it('a prefix of many empty parts stays bounded and still finds the first text part', async () => {
    const parts = Array.from({ length: 2000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\np${i}\r\n`).join('');
    const head = Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n');
    const text = Buffer.from(parts).subarray(0, ROW_TEXT_BYTES);
    const p = await readRowPrefix(head, text, false);
    expect(findTextPart(p.structure)?.part).toBe('1');
    expect(p.bodies.get('1')?.toString()).toBe('p0');
  });
});
