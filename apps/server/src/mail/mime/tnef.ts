import iconv from 'iconv-lite';
import { rtfBody } from './tnef-rtf.ts';

// A small TNEF (winmail.dat, MS-OXTNEF) reader: the attached files and the plain/HTML/compressed-RTF body, nothing else.
// Every length comes from the sender, so each read is checked against the buffer and the counts are capped.

export interface TnefFile {
  filename: string;
  contentType: string | null;
  content: Buffer;
}

export interface TnefContent {
  files: TnefFile[];
  text: string | null;
  html: string | null;
}

const SIGNATURE = 0x223e9f78;
const LEVEL_ATTACHMENT = 2;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_MAPI_PROPS = 0x9003;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;

const PR_BODY = 0x1000;
const PR_BODY_HTML = 0x1013;
const PR_RTF_COMPRESSED = 0x1009;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_DISPLAY_NAME = 0x3001;

const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MULTI = 0x1000;
const FIXED_SIZE: Record<number, number> = {
  0x0001: 4,
  0x0002: 4,
  0x0003: 4,
  0x0004: 4,
  0x0005: 8,
  0x0006: 8,
  0x0007: 8,
  0x000a: 4,
  0x000b: 4,
  0x0014: 8,
  0x0040: 8,
  0x0048: 16,
};

export const TNEF_LIMITS = { files: 200, properties: 5000 };

class Reader {
  constructor(
    readonly buf: Buffer,
    public at = 0,
  ) {}
  has(n: number): boolean {
    return n >= 0 && this.at + n <= this.buf.length;
  }
  u16(): number {
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  bytes(n: number): Buffer {
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;
const cut0 = (b: Buffer) => {
  const nul = b.indexOf(0);
  return nul >= 0 ? b.subarray(0, nul) : b;
};

function codepageName(cp: number): string {
  if (cp === 949) return 'cp949';
  if (cp === 932) return 'shift_jis';
  if (cp === 65001) return 'utf8';
  const name = `cp${cp}`;
  return iconv.encodingExists(name) ? name : 'cp1252';
}

type MapiValue = { type: number; data: Buffer };
interface TnefAttachment {
  title: string | null;
  data: Buffer | null;
  props: Map<number, MapiValue>;
}

/** MAPI properties of one attMAPIProps/attAttachment block, by property id (first value only). */
function readMapiProps(data: Buffer): Map<number, MapiValue> {
  const props = new Map<number, MapiValue>();
  const r = new Reader(data);
  if (!r.has(4)) return props;
  const count = Math.min(r.u32(), TNEF_LIMITS.properties);
  for (let i = 0; i < count; i++) {
    if (!r.has(4)) break;
    const type = r.u16();
    const id = r.u16();
    if (id >= 0x8000) {
      if (!r.has(20)) break;
      r.bytes(16); // property set GUID
      const kind = r.u32();
      if (!r.has(4)) break;
      if (kind === 0) r.u32();
      else {
        const len = r.u32();
        if (!r.has(len + pad4(len))) break;
        r.bytes(len + pad4(len));
      }
    }
    const base = type & ~MULTI;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    let values = 1;
    if (type & MULTI || variable) {
      if (!r.has(4)) break;
      values = r.u32();
    }
    let ok = true;
    for (let v = 0; v < values && ok; v++) {
      if (variable) {
        if (!r.has(4)) ok = false;
        else {
          const len = r.u32();
          if (!r.has(len)) ok = false;
          else {
            const value = r.bytes(len);
            if (r.has(pad4(len))) r.bytes(pad4(len));
            if (v === 0 && !props.has(id)) props.set(id, { type: base, data: value });
          }
        }
      } else {
        const size = FIXED_SIZE[base];
        if (size === undefined || !r.has(size)) ok = false;
        else r.bytes(size);
      }
    }
    if (!ok) break;
  }
  return props;
}

function mapiString(v: MapiValue | undefined, codepage: string): string | null {
  if (!v) return null;
  if (v.type === PT_UNICODE) return iconv.decode(v.data, 'utf16le').replace(/\0+$/, '');
  if (v.type === PT_STRING8) return iconv.decode(cut0(v.data), codepage);
  if (v.type === PT_BINARY) return v.data.toString('utf8');
  return null;
}

/** True when `buf` starts with the TNEF signature. */
export function isTnef(buf: Buffer): boolean {
  return buf.length >= 6 && buf.readUInt32LE(0) === SIGNATURE;
}

/** The files and body inside a TNEF stream, or null when it is not one. Truncated input gives what was read. */
export function decodeTnef(buf: Buffer): TnefContent | null {
  if (!isTnef(buf)) return null;
  const r = new Reader(buf, 6);
  const out: TnefContent = { files: [], text: null, html: null };
  let codepage = 'cp1252';
  let current: TnefAttachment | null = null;
  const all: TnefAttachment[] = [];
  while (r.has(9)) {
    const level = buf[r.at]!;
    r.at += 1;
    const id = r.u32() & 0xffff;
    const len = r.u32();
    if (!r.has(len + 2)) break;
    const data = r.bytes(len);
    r.u16(); // checksum: not checked, a wrong one only means a careless sender
    if (id === ATT_OEM_CODEPAGE && data.length >= 4) codepage = codepageName(data.readUInt32LE(0));
    else if (id === ATT_ATTACH_REND_DATA && level === LEVEL_ATTACHMENT) {
      if (all.length >= TNEF_LIMITS.files) break;
      current = { title: null, data: null, props: new Map() };
      all.push(current);
    } else if (id === ATT_ATTACH_TITLE && current) current.title = iconv.decode(cut0(data), codepage);
    else if (id === ATT_ATTACH_DATA && current) current.data = data;
    else if (id === ATT_ATTACHMENT && current) current.props = readMapiProps(data);
    else if (id === ATT_MAPI_PROPS && level !== LEVEL_ATTACHMENT) {
      const props = readMapiProps(data);
      out.text = mapiString(props.get(PR_BODY), codepage);
      const html = props.get(PR_BODY_HTML);
      if (html) out.html = html.type === PT_UNICODE ? mapiString(html, codepage) : html.data.toString('utf8');
      // Outlook's rich text: often the only body, and often HTML wrapped in RTF
      const rtf = props.get(PR_RTF_COMPRESSED);
      const fromRtf = !out.html && rtf?.type === PT_BINARY ? rtfBody(rtf.data) : null;
      if (fromRtf?.html) out.html = fromRtf.html;
      else if (fromRtf?.text?.trim() && !out.text?.trim()) out.text = fromRtf.text;
    }
  }
  for (const a of all) {
    let content = a.data;
    const bin = a.props.get(PR_ATTACH_DATA);
    if (!content && bin) content = bin.type === PT_OBJECT ? bin.data.subarray(16) : bin.data;
    if (!content) continue;
    const filename =
      mapiString(a.props.get(PR_ATTACH_LONG_FILENAME), codepage) ||
      mapiString(a.props.get(PR_ATTACH_FILENAME), codepage) ||
      a.title ||
      mapiString(a.props.get(PR_DISPLAY_NAME), codepage) ||
      '';
    const mime = mapiString(a.props.get(PR_ATTACH_MIME_TAG), codepage);
    out.files.push({
      filename,
      contentType: mime && /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime.toLowerCase() : null,
      content,
    });
  }
  return out;
}
