import { describe, expect, it } from 'vitest';
import { attachmentLimit, checkAttachmentTotal, validateRecipients } from './compose.service.ts';

describe('validateRecipients', () => {
  const a = (address: string) => ({ name: '', address });
  it('names the field of the first bad address', () => {
    expect(() => validateRecipients({ to: [a('bob@school.test')], cc: [a('nope')], bcc: [] }, true)).toThrow(
      expect.objectContaining({ code: 'compose.invalid_address', extra: expect.objectContaining({ field: 'cc' }) }),
    );
  });
  it('needs a recipient only for sending', () => {
    expect(() => validateRecipients({ to: [], cc: [], bcc: [] }, true)).toThrow(
      expect.objectContaining({ code: 'compose.no_recipients' }),
    );
    expect(() => validateRecipients({ to: [], cc: [], bcc: [] }, false)).not.toThrow();
    expect(() => validateRecipients({ to: [], cc: [], bcc: [a('x@y.z')] }, true)).not.toThrow();
  });
});

describe('attachmentLimit', () => {
  it('is the smallest of configuration, SMTP SIZE and APPENDLIMIT after base64', () => {
    expect(attachmentLimit(25_000_000, 0, 0)).toBe(25_000_000);
    expect(attachmentLimit(25_000_000, 10_240_000, 0)).toBe(7_630_848);
    expect(attachmentLimit(5_000_000, 10_240_000, 0)).toBe(5_000_000);
    expect(attachmentLimit(25_000_000, 10_240_000, 2_000_000)).toBe(1_450_848);
  });
  it('checkAttachmentTotal throws compose.too_large over the limit', () => {
    expect(() => checkAttachmentTotal([{ size: 6 }, { size: 5 }], 10)).toThrow(
      expect.objectContaining({ code: 'compose.too_large', statusCode: 413 }),
    );
    expect(() => checkAttachmentTotal([{ size: 5 }, { size: 5 }], 10)).not.toThrow();
  });
});
