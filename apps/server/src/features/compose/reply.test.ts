import { describe, expect, it } from 'vitest';
import {
  forwardHeaderLines,
  forwardSubject,
  quoteHtml,
  quoteText,
  replyRecipients,
  replySubject,
  replyThreading,
  textToHtml,
  type OriginalMessage,
} from './reply.ts';

const a = (address: string, name = '') => ({ name, address });
const original = (over: Partial<OriginalMessage> = {}): OriginalMessage => ({
  messageId: '<m3@school.test>',
  references: ['<m1@school.test>', '<m2@school.test>'],
  subject: 'Field trip',
  from: a('bob@school.test', 'Bob'),
  to: [a('alice@school.test', 'Alice'), a('carol@school.test')],
  cc: [a('dave@school.test'), a('ALICE@school.test')],
  replyTo: [],
  date: '2026-03-02T09:30:00.000Z',
  ...over,
});

describe('subjects', () => {
  it('adds one Re: and never stacks them, in any common language', () => {
    expect(replySubject('Field trip')).toBe('Re: Field trip');
    expect(replySubject('Re: Field trip')).toBe('Re: Field trip');
    expect(replySubject('RE: Field trip')).toBe('Re: Field trip');
    expect(replySubject('AW: Field trip')).toBe('Re: Field trip');
    expect(replySubject('답장: 현장 학습')).toBe('Re: 현장 학습');
    expect(replySubject('Fwd: Field trip')).toBe('Re: Fwd: Field trip');
    expect(replySubject('')).toBe('Re:');
  });
  it('adds one Fwd:', () => {
    expect(forwardSubject('Field trip')).toBe('Fwd: Field trip');
    expect(forwardSubject('FW: Field trip')).toBe('Fwd: Field trip');
    expect(forwardSubject('Re: Field trip')).toBe('Fwd: Re: Field trip');
  });
});

describe('replyThreading', () => {
  it('references the parent chain and the parent', () => {
    expect(replyThreading(original())).toEqual({
      inReplyTo: '<m3@school.test>',
      references: ['<m1@school.test>', '<m2@school.test>', '<m3@school.test>'],
    });
  });
  it('starts a chain when the parent had none, and has no In-Reply-To without a Message-ID', () => {
    expect(replyThreading({ messageId: '<x@y>', references: [] })).toEqual({
      inReplyTo: '<x@y>',
      references: ['<x@y>'],
    });
    expect(replyThreading({ messageId: null, references: [] })).toEqual({ inReplyTo: null, references: [] });
  });
  it('caps a long chain, keeping the root and the newest', () => {
    const refs = Array.from({ length: 30 }, (_, i) => `<r${i}@x>`);
    const { references } = replyThreading({ messageId: '<last@x>', references: refs });
    expect(references).toHaveLength(20);
    expect(references[0]).toBe('<r0@x>');
    expect(references.at(-1)).toBe('<last@x>');
  });
});

describe('replyRecipients', () => {
  const own = ['alice@school.test'];
  it('reply goes to the sender only', () => {
    expect(replyRecipients(original(), false, own)).toEqual({ to: [a('bob@school.test', 'Bob')], cc: [] });
  });
  it('reply prefers Reply-To', () => {
    expect(replyRecipients(original({ replyTo: [a('list@school.test')] }), false, own).to).toEqual([
      a('list@school.test'),
    ]);
  });
  it('reply all: sender and To in To, Cc in Cc, never the user, no duplicates', () => {
    expect(replyRecipients(original(), true, own)).toEqual({
      to: [a('bob@school.test', 'Bob'), a('carol@school.test')],
      cc: [a('dave@school.test')],
    });
  });
  it('reply all excludes every own address (identities too), case-insensitively', () => {
    const r = replyRecipients(original(), true, ['Alice@School.test', 'dave@school.test']);
    expect([...r.to, ...r.cc].map((x) => x.address)).toEqual(['bob@school.test', 'carol@school.test']);
  });
  it('replying to one’s own sent message goes to its recipients', () => {
    const sent = original({ from: a('alice@school.test'), to: [a('bob@school.test')], cc: [] });
    expect(replyRecipients(sent, false, own)).toEqual({ to: [a('bob@school.test')], cc: [] });
  });
});

describe('quoting', () => {
  it('quotes text line by line under an attribution', () => {
    const q = quoteText(original(), 'Hello\n> earlier\n\n');
    expect(q).toBe('\n\nOn Mon, 02 Mar 2026 09:30:00 GMT, Bob <bob@school.test> wrote:\n> Hello\n>> earlier\n');
  });
  it('quotes HTML in a cite blockquote and escapes the attribution', () => {
    const q = quoteHtml(original({ from: a('x@y.z', '<b>Eve</b>') }), '<p>hi</p>');
    expect(q).toContain('&#60;b&#62;Eve&#60;/b&#62;');
    expect(q).toContain('<blockquote type="cite"><p>hi</p></blockquote>');
  });
  it('writes the forward header block', () => {
    expect(forwardHeaderLines(original())).toEqual([
      '---------- Forwarded message ---------',
      'From: Bob <bob@school.test>',
      'Date: Mon, 02 Mar 2026 09:30:00 GMT',
      'Subject: Field trip',
      'To: Alice <alice@school.test>, carol@school.test',
      'Cc: dave@school.test, ALICE@school.test',
    ]);
  });
  it('turns text into escaped paragraphs', () => {
    expect(textToHtml('a<b\nc\n\nd')).toBe('<p>a&#60;b<br>c</p><p>d</p>');
  });
});
