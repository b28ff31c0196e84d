import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  charsetName,
  decodeIso2022Kr,
  decodeText,
  isKnownCharset,
  repairIso2022KrText,
  repairRawHeaderText,
} from './charset.ts';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('charsetName', () => {
  it.each([
    ['ks_c_5601-1987', 'CP949'],
    ['KS_C_5601-1987', 'CP949'],
    ['euc-kr', 'CP949'],
    ['x-windows-949', 'CP949'],
    ['"utf-8"', 'UTF-8'],
    ['us-ascii', 'UTF-8'],
    ['UNICODE-1-1-UTF-7', 'UTF-7'],
    ['csISO2022KR', 'ISO-2022-KR'],
    ['', ''],
  ])('%s → %s', (label, name) => expect(charsetName(label)).toBe(name));
});

describe('decodeText', () => {
  it('reads the Korean charsets as CP949, including the characters outside EUC-KR proper', () => {
    const bytes = iconv.encode('똠방각하 펲 회의록', 'cp949');
    for (const label of ['euc-kr', 'ks_c_5601-1987', 'CP949', 'ksc5601']) {
      expect(decodeText(bytes, label)).toBe('똠방각하 펲 회의록');
    }
  });

  it('reads ISO-2022-KR (RFC 1557) with its designator and shifts, line by line', () => {
    const kr = (s: string) => [...iconv.encode(s, 'euc-kr')].map((b) => b & 0x7f);
    const bytes = Buffer.from([
      ...latin1('\x1b$)C'),
      ...latin1('Hi '),
      0x0e,
      ...kr('안녕하세요'),
      0x0f,
      ...latin1('!\r\n'),
      0x0e,
      ...kr('감사합니다'),
      ...latin1('\r\nend'),
    ]);
    expect(decodeText(bytes, 'ISO-2022-KR')).toBe('Hi 안녕하세요!\r\n감사합니다\r\nend');
    expect(decodeIso2022Kr(latin1('plain'))).toBe('plain');
  });

  it('reads ISO-2022-JP and EUC-JP and Shift_JIS', () => {
    expect(decodeText(latin1('\x1b$B$3$s$K$A$O\x1b(B'), 'ISO-2022-JP')).toBe('こんにちは');
    expect(decodeText(iconv.encode('日本語', 'euc-jp'), 'EUC-JP')).toBe('日本語');
    expect(decodeText(iconv.encode('日本語①', 'shift_jis'), 'Shift_JIS')).toBe('日本語①');
  });

  it('reads UTF-7 and UTF-16', () => {
    expect(decodeText(latin1('Hi Mom -+Jjo--!'), 'utf-7')).toBe('Hi Mom -☺-!');
    expect(decodeText(latin1('+VMhZfQ-'), 'UTF-7')).toBe('哈好');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('보고서', 'utf-16le')]), 'utf-16')).toBe(
      '보고서',
    );
  });

  it('reads 8-bit text under no charset or ASCII as UTF-8, else CP949, else windows-1252', () => {
    expect(decodeText(iconv.encode('학부모님께 알립니다', 'euc-kr'), undefined)).toBe('학부모님께 알립니다');
    expect(decodeText(iconv.encode('학부모님께', 'euc-kr'), 'us-ascii')).toBe('학부모님께');
    expect(decodeText(Buffer.from('안녕 café'), 'US-ASCII')).toBe('안녕 café');
    expect(decodeText(iconv.encode('café ok', 'windows-1252'), '')).toBe('café ok');
  });

  it('reads an unknown or missing charset as UTF-8', () => {
    expect(decodeText(Buffer.from('héllo'), 'x-unknown')).toBe('héllo');
    expect(decodeText(Buffer.from('héllo'), undefined)).toBe('héllo');
    expect(isKnownCharset('x-unknown')).toBe(false);
    expect(isKnownCharset('ISO-2022-KR')).toBe(true);
    expect(isKnownCharset('windows-1252')).toBe(true);
  });
});

describe('repairRawHeaderText', () => {
  const asLatin1 = (b: Buffer) => b.toString('latin1');
  it('reads raw EUC-KR name bytes again in the message charset', () => {
    expect(repairRawHeaderText(asLatin1(iconv.encode('한글.pdf', 'euc-kr')), ['ks_c_5601-1987'])).toBe('한글.pdf');
    expect(repairRawHeaderText(asLatin1(Buffer.from('한글.pdf')), [])).toBe('한글.pdf');
  });
  it('leaves Latin-1 text, decoded text and names without a multi-byte charset alone', () => {
    expect(repairRawHeaderText('Café.pdf', ['euc-kr'])).toBe('Café.pdf');
    expect(repairRawHeaderText('한글.pdf', ['euc-kr'])).toBe('한글.pdf');
    expect(repairRawHeaderText(asLatin1(iconv.encode('한글.pdf', 'euc-kr')), ['iso-8859-1'])).toBe(
      asLatin1(iconv.encode('한글.pdf', 'euc-kr')),
    );
  });
});

describe('repairIso2022KrText', () => {
  it('decodes the raw ISO-2022-KR runs a decoder without that charset left in a header', () => {
    const raw = (s: string) => iconv.encode(s, 'euc-kr').reduce((acc, b) => acc + String.fromCharCode(b & 0x7f), '');
    const word = (s: string) => `\x1b$)C\x0e${raw(s)}\x0f`;
    expect(repairIso2022KrText(`Re: ${word('현장학습')} 안내 ${word('공지')}`)).toBe('Re: 현장학습 안내 공지');
    expect(repairIso2022KrText('plain 한글')).toBe('plain 한글');
  });
});
