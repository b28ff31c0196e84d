import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHeaderWords, headerWords } from './header-words.ts';

const b64 = (b: Buffer) => b.toString('base64');
const kr = (s: string) => [...iconv.encode(s, 'euc-kr')].map((b) => b & 0x7f);

describe('decodeHeaderWords', () => {
  it('decodes UTF-7 encoded words (libmime leaves them as "+VMhZfQ-")', () => {
    expect(decodeHeaderWords('=?UTF-7?Q?+VMhZfQ-?= hi')).toBe('哈好 hi');
    expect(decodeHeaderWords('=?unicode-1-1-utf-7?B?' + b64(Buffer.from('+rRzMLg-')) + '?=')).toBe('괜찮');
  });

  it('decodes ISO-2022-KR, ks_c_5601-1987 and ISO-2022-JP words', () => {
    const iso = Buffer.from([...Buffer.from('\x1b$)C', 'latin1'), 0x0e, ...kr('가정통신문'), 0x0f]);
    expect(decodeHeaderWords(`=?ISO-2022-KR?B?${b64(iso)}?=`)).toBe('가정통신문');
    expect(decodeHeaderWords(`=?ks_c_5601-1987?B?${b64(iconv.encode('똠방각하', 'cp949'))}?=`)).toBe('똠방각하');
    expect(decodeHeaderWords(`=?ISO-2022-JP?B?${b64(Buffer.from('\x1b$B;3ED\x1b(B', 'latin1'))}?=`)).toBe('山田');
  });

  it('joins split words of one charset and keeps plain text around them', () => {
    const [a, b] = [iconv.encode('가정', 'cp949'), iconv.encode('통신문', 'cp949')];
    expect(decodeHeaderWords(`Re: =?euc-kr?B?${b64(a)}?= =?euc-kr?B?${b64(b)}?= (3)`)).toBe('Re: 가정통신문 (3)');
    expect(decodeHeaderWords('=?utf-8?Q?caf=C3=A9?=')).toBe('café');
    expect(decodeHeaderWords('no words')).toBe('no words');
  });

  it('decodes RFC 2231 continuations in the charset they name', () => {
    const pct = (b: Buffer) => [...b].map((x) => '%' + x.toString(16).padStart(2, '0')).join('');
    const parsed = headerWords.parseHeaderValue(
      `attachment; filename*0*=iso-2022-kr''${pct(Buffer.from([0x1b, 0x24, 0x29, 0x43, 0x0e, ...kr('보고')]))}; filename*1*=${pct(Buffer.from([...kr('서'), 0x0f, 0x2e, 0x68, 0x77, 0x70]))}`,
    );
    expect(parsed.params.filename).toBe('보고서.hwp');
  });
});
