import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { isAppError } from '../../core/app-error.ts';
import { summaryOnlyReading } from './message-load-whole.ts';
import { pickAttachedMessage } from './message-read.ts';
import type { Reading, ReadingAttachment } from './reading-cache.ts';

const att = (over: Partial<ReadingAttachment>): ReadingAttachment => ({
  id: '2',
  part: '2',
  filename: 'a.bin',
  contentType: 'application/octet-stream',
  size: 100,
  inline: false,
  cid: null,
  content: null,
  ...over,
});

const reading = (attachments: ReadingAttachment[]): Reading => ({
  ...summaryOnlyReading({ uid: 1, subject: 's' } as unknown as MessageSummary),
  attachments,
});

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
};

describe('pickAttachedMessage', () => {
  const imap = att({ id: '2', contentType: 'message/rfc822', message: { from: 'a', subject: 's', date: null } });
  const whole = att({ id: 'x1', part: null, contentType: 'Message/RFC822', content: Buffer.from('x') });
  const pdf = att({ id: '3', contentType: 'application/pdf' });
  const r = reading([imap, whole, pdf]);

  it('finds an attached message by its BODYSTRUCTURE headers or, in a whole-source reading, by its type', () => {
    expect(pickAttachedMessage(r, '2', 1000)).toBe(imap);
    expect(pickAttachedMessage(r, 'x1', 1000)).toBe(whole);
  });

  it('refuses another part, an unknown or malformed id, and a message past the display bound', () => {
    expect(codeOf(() => pickAttachedMessage(r, '3', 1000))).toBe('message.attachment_not_found');
    expect(codeOf(() => pickAttachedMessage(r, '9', 1000))).toBe('message.attachment_not_found');
    expect(codeOf(() => pickAttachedMessage(r, '../2', 1000))).toBe('message.attachment_not_found');
    expect(codeOf(() => pickAttachedMessage(r, '2', 99))).toBe('message.attached_too_large');
  });
});
