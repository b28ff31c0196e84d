#!/usr/bin/env node
// Fast Maildir message generator for Pigeon's mail fixture (no npm dependencies).
//
//   node seed-gen.mjs --user alice@school.test [--uid 5000 --gid 5000] [--run-id R]
//                     --job KIND:COUNT:KO:MAILDIR [--job ...]
//     KIND: inbox|sent|drafts|trash|junk|archive|project|list; KO: 1 = Korean text everywhere, else 0
//   (one process for all folders: node start-up and the attachment noise are paid once)
//
// Writes COUNT messages per job as Maildir files (tmp/ then rename into cur/), with
//   * S=<size>,W=<vsize> in the file name (Dovecot then needs no stat/read for sizes),
//   * the file mtime = INTERNALDATE, increasing with the message number
//     (Dovecot assigns UIDs in file-name time order, so UID order == date order),
//   * Maildir flags (:2,DFRS) for \Draft \Flagged \Answered \Seen.
// After writing, make Dovecot pick them up with `doveadm force-resync -u USER MAILBOX`
// (scripts/mail/seed.sh does this).
//
// Message mix: plain text, HTML only, multipart/alternative, attachments (pdf, png,
// csv, ics, docx/xlsx/zip blobs, Korean file names via RFC 2231 + RFC 2047),
// multipart/related inline images, forwarded message/rfc822, calendar invites,
// mailing-list newsletters with List-* headers, delivery-status bounces, EUC-KR
// and UTF-8 (B and Q encoded) Korean subjects/display names, emoji, long folded
// subjects, threads (In-Reply-To/References), quoted-printable/base64/8bit bodies,
// and a few "hostile HTML" messages (script/onerror/javascript: links) for
// sanitizer tests.  Remote images point at http://127.0.0.1:1/ (never off-box).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// ---------------------------------------------------------------- arguments
const args = {};
const JOBS = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a.startsWith('--')) {
    const k = a.slice(2);
    const v = process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[++i] : 'true';
    if (k === 'job') {
      const [kind, count, ko, ...dir] = v.split(':');
      JOBS.push({ kind, count: parseInt(count, 10), ko: ko === '1', dir: dir.join(':') });
    } else args[k] = v;
  }
}
const USER = (args.user || 'alice@school.test').toLowerCase();
const USER_LOCAL = USER.split('@')[0];
const RUN_ID = args['run-id'] || Date.now().toString(36);
if (!JOBS.length || JOBS.some((j) => !j.dir || !(j.count >= 0) || !j.kind)) {
  console.error('usage: seed-gen.mjs --user USER [--uid U --gid G] --job KIND:COUNT:KO:MAILDIR [--job ...]');
  process.exit(2);
}

for (const { dir } of JOBS)
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
if (args.uid && process.getuid && process.getuid() === 0) {
  // create the directories as the mail owner too, then drop privileges
  for (const { dir } of JOBS)
    for (const sub of ['', 'cur', 'new', 'tmp']) fs.chownSync(path.join(dir, sub), +args.uid, +args.gid);
  process.setgid(+args.gid);
  process.setuid(+args.uid);
}

// the job being written (set by runJob)
let DIR, COUNT, KIND, FORCE_KO, SPAN_DAYS, END_HOURS_AGO;

// ---------------------------------------------------------------- PRNG
function hashStr(s) {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return h >>> 0;
}
// fixed seed for the shared attachment noise; each job reseeds with (user, kind, count)
let rngState = hashStr('pigeon-seed-noise');
function rnd() {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const chance = (p) => rnd() < p;
const hex = (n) => {
  let s = '';
  while (s.length < n)
    s += Math.floor(rnd() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, n);
};

// ---------------------------------------------------------------- people
const EUCKR = {
  // iconv -f utf-8 -t euc-kr | base64  (pre-encoded; Node cannot encode EUC-KR)
  names: { 김영희: 'sei/tcjx' },
  subjects: [
    ['회의 자료 송부 드립니다', 'yLjAxyDA2rfhILzbus4gteW4s7TPtNk='],
    ['[공지] 학부모 상담 주간 안내', 'W7D4wfZdIMfQus648CC787TjIMHWsKMgvsizuw=='],
    ['견적서 검토 부탁드립니다', 'sN/A+7ytILDLxeQgus7FubXluLO0z7TZ'],
  ],
  body: 'vsiz58fPvLy/5C4gw7e6zsfRIMDat+G4piDIrsDOx9ggwda9w7HiILnZtvi0z7TZLgrIuMDHtMIgtNnAvSDB1iDIrb/kwM8gv8DIxCAzvcO/oSC6u7D8IDLD/iDIuMDHvce/obytIMH4x+C1y7TPtNkuCrCou+fH1bTPtNku',
};

const PEOPLE = [
  { name: 'Bob Baker', addr: 'bob@school.test' },
  { name: 'Carol Chen', addr: 'carol@school.test' },
  { name: 'Dave Doe', addr: 'dave@school.test' },
  { name: 'Principal Office', addr: 'office@school.test' },
  { name: 'Emily Stone', addr: 'emily.stone@example.com' },
  { name: "Frank O'Neil", addr: 'frank.oneil@example.org' },
  { name: 'Grace Hopper', addr: 'grace@example.net' },
  { name: 'Harold "Hal" Finch', addr: 'hal@example.com' },
  { name: 'Ivy, Ingrid', addr: 'ingrid.ivy@example.org' },
  { name: 'Jürgen Müller', addr: 'juergen.mueller@example.de' },
  { name: 'José Álvarez', addr: 'jose.alvarez@example.es' },
  { name: 'Zoë Ångström', addr: 'zoe@example.se' },
  { name: '', addr: 'noreply@notifications.example.com' },
  { name: 'PTA Newsletter', addr: 'news@pta.example.org', list: true },
  { name: 'Library', addr: 'library@school.test' },
  { name: '김철수', addr: 'chulsoo.kim@example.kr', ko: true },
  { name: '이민지', addr: 'minji.lee@example.kr', ko: true },
  { name: '박지훈', addr: 'jihoon.park@mail.example.kr', ko: true },
  { name: '최수연 선생님', addr: 'sooyeon.choi@school.test', ko: true },
  { name: '정하늘', addr: 'haneul.jung@example.kr', ko: true },
  { name: '김영희', addr: 'younghee.kim@example.kr', ko: true, euckr: true },
  { name: '행정실', addr: 'admin-office@school.test', ko: true },
];
const ME = { name: USER_LOCAL.charAt(0).toUpperCase() + USER_LOCAL.slice(1), addr: USER };

// ---------------------------------------------------------------- text pools
const WORDS = (
  'the a of to and in is it that for on with as was at by this be from or have an are not ' +
  'we you they schedule meeting report budget students class homework project review draft final update ' +
  'deadline attached please thanks regards team office room library science math history art music ' +
  'parents teacher grade semester exam results plan agenda notes minutes follow up next week Monday ' +
  'Tuesday Wednesday Thursday Friday morning afternoon lunch trip permission form signature payment ' +
  'invoice order shipped delivery confirm question answer idea proposal feedback summary quick reminder'
).split(' ');
const KO_SENTENCES = [
  '안녕하세요, 항상 수고 많으십니다.',
  '다음 주 회의 일정을 공유드립니다.',
  '첨부한 자료를 확인해 주시기 바랍니다.',
  '학부모 상담은 본관 2층 상담실에서 진행됩니다.',
  '급식 메뉴가 일부 변경되었으니 참고 부탁드립니다.',
  '현장체험학습 신청서는 금요일까지 제출해 주세요.',
  '시험 범위는 교과서 3단원부터 5단원까지입니다.',
  '궁금하신 점이 있으시면 언제든지 연락 주세요.',
  '방과후 수업 신청이 다음 주 월요일에 마감됩니다.',
  '좋은 하루 보내세요. 감사합니다.',
  '회의록을 정리하여 공유드립니다. 수정 사항이 있으면 알려 주세요.',
  '예산안 검토 결과를 첨부합니다.',
];
const EN_SUBJECTS = [
  () => `Meeting notes ${int(1, 12)}/${int(1, 28)}`,
  () => `Budget for Q${int(1, 4)} ${int(2022, 2026)}`,
  () => `Invoice #${int(10000, 99999)}`,
  () => `Your order ${int(100, 999)}-${int(1000000, 9999999)} has shipped`,
  () => 'Field trip permission slip',
  () => `Weekly newsletter - Issue ${int(1, 300)}`,
  () => 'Lunch menu for next week',
  () => `Homework: Chapter ${int(1, 20)} exercises`,
  () => 'Parent-teacher conference schedule',
  () => 'Password reset request',
  () => 'Quick question about the science fair',
  () => `Room ${int(100, 399)} projector is broken`,
  () => 'Reminder: staff meeting tomorrow at 3pm',
  () => 'Photos from the sports day',
  () => 'Library books overdue',
  () => `Grades for ${pick(['Math', 'History', 'Art', 'Music', 'Science'])} ${int(1, 6)}${pick(['A', 'B', 'C'])}`,
  () => 'Can we reschedule?',
  () => 'FYI',
  () => '', // empty subject
  () =>
    'Re: Re: Re: Fwd: the never-ending thread about parking spaces in the north lot and the new rules that start next month',
  () => 'Ünïcödé test — café, naïve, déjà vu',
  () => '🎉 Party on Friday! 🍕',
  () => 'Subject with "quotes" and (parentheses) and <angle> brackets',
];
const KO_SUBJECTS = [
  () => `회의록 - ${int(1, 12)}월 ${int(1, 28)}일`,
  () => '학부모 상담 일정 안내',
  () => `${int(1, 6)}학년 현장체험학습 신청서`,
  () => `주간 뉴스레터 제${int(1, 200)}호`,
  () => '급식 메뉴 안내',
  () => '[공지] 기말고사 일정 변경 안내',
  () => '방과후 수업 신청 안내',
  () => '견적서 송부 드립니다',
  () => '[공지] 개학식 안내',
  () => '성적표 발송 안내',
  () => '안녕하세요 😊 오랜만입니다',
  () => '2024학년도 교육과정 운영 계획 및 학사 일정 안내 (학부모님께서는 반드시 확인해 주시기 바랍니다)',
  () => 'Re: 예산안 검토 요청 (Q3 budget review)',
];
const JUNK_SUBJECTS = [
  () => 'You have WON a $1,000,000 prize!!!',
  () => 'URGENT: verify your account now',
  () => '【광고】 단 하루! 최대 90% 할인',
  () => 'Cheap meds, no prescription',
  () => 'Your mailbox is full - click here',
];

const sentence = () => {
  const n = int(6, 18);
  const w = [];
  for (let i = 0; i < n; i++) w.push(pick(WORDS));
  const s = w.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + pick(['.', '.', '.', '?', '!']);
};
const paragraph = (ko) => {
  const n = int(1, 5);
  const out = [];
  for (let i = 0; i < n; i++) out.push(ko ? pick(KO_SENTENCES) : sentence());
  return out.join(' ');
};
const paragraphs = (ko, min = 1, max = 5) => {
  const n = int(min, max);
  const out = [];
  for (let i = 0; i < n; i++) out.push(paragraph(ko && chance(0.85)));
  return out;
};
const wrap = (s, width = 72) => {
  // word-wrap one paragraph (counts UTF-16 units; good enough for generated text)
  const words = s.split(' ');
  const lines = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? cur + ' ' + w : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n');
};
const escHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------- encoders
const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);
function encWordsB(str, charset = 'UTF-8') {
  const words = [];
  let cur = '';
  let bytes = 0;
  for (const ch of str) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > 39) {
      words.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += b;
  }
  if (cur) words.push(cur);
  return words.map((w) => `=?${charset}?B?${Buffer.from(w).toString('base64')}?=`).join('\n ');
}
function encWordsQ(str) {
  const words = [];
  let cur = '';
  for (const ch of str) {
    let t = '';
    for (const b of Buffer.from(ch)) {
      if (b === 32) t += '_';
      else if (b > 32 && b < 127 && !'=?_"(),.:;<>@[\\]'.includes(String.fromCharCode(b))) t += String.fromCharCode(b);
      else t += '=' + b.toString(16).toUpperCase().padStart(2, '0');
    }
    if (cur.length + t.length > 50) {
      words.push(cur);
      cur = '';
    }
    cur += t;
  }
  if (cur) words.push(cur);
  return words.map((w) => `=?UTF-8?Q?${w}?=`).join('\n ');
}
function encHeaderText(s) {
  if (isAscii(s)) return s;
  return chance(0.75) ? encWordsB(s) : encWordsQ(s);
}
function fmtAddr(p) {
  if (!p.name) return `<${p.addr}>`;
  if (p.euckr && EUCKR.names[p.name] && chance(0.7)) return `=?EUC-KR?B?${EUCKR.names[p.name]}?= <${p.addr}>`;
  if (!isAscii(p.name)) return `${encHeaderText(p.name)} <${p.addr}>`;
  if (/[",.()<>@:;[\]\\']/.test(p.name)) return `"${p.name.replace(/(["\\])/g, '\\$1')}" <${p.addr}>`;
  return `${p.name} <${p.addr}>`;
}
function qp(str) {
  const out = [];
  for (const line of str.split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let cur = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      let t;
      if ((b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i !== bytes.length - 1))
        t = String.fromCharCode(b);
      else t = '=' + b.toString(16).toUpperCase().padStart(2, '0');
      if (cur.length + t.length > 75) {
        out.push(cur + '=');
        cur = '';
      }
      cur += t;
    }
    out.push(cur);
  }
  return out.join('\n');
}
const b64 = (buf) => {
  const s = buf.toString('base64');
  const lines = [];
  for (let i = 0; i < s.length; i += 76) lines.push(s.slice(i, i + 76));
  return lines.join('\n');
};
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function rfcDate(ms, offMin) {
  const d = new Date(ms + offMin * 60000);
  const p2 = (n) => String(n).padStart(2, '0');
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  return (
    `${DOW[d.getUTCDay()]}, ${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${sign}${p2(Math.floor(a / 60))}${p2(a % 60)}`
  );
}

// ---------------------------------------------------------------- binary blobs
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function makePng(w, h, seed) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = ((x * 255) / w + seed * 40) & 255;
      raw[o + 1] = ((y * 255) / h) & 255;
      raw[o + 2] = (seed * 70 + x + y) & 255;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function makePdf(text) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 24 Tf 72 700 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out +=
    `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` +
    offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const PNGS = [makePng(32, 32, 1), makePng(64, 48, 2), makePng(120, 80, 3), makePng(16, 16, 4)];
const PDFS = [makePdf('Pigeon report'), makePdf('Invoice 2024-001'), makePdf('Field trip form')];
const NOISE = (() => {
  const b = Buffer.alloc(700 * 1024);
  for (let i = 0; i < b.length; i += 4) b.writeUInt32LE(Math.floor(rnd() * 0xffffffff), i);
  return b;
})();
const noise = (n) => {
  const o = int(0, NOISE.length - n - 1);
  return NOISE.subarray(o, o + n);
};
const attSize = () => {
  const r = rnd();
  if (r < 0.75) return int(2, 30) * 1024;
  if (r < 0.97) return int(30, 150) * 1024;
  return int(150, 600) * 1024;
};

// ---------------------------------------------------------------- MIME builders
let boundaryN = 0;
const boundary = () => `----=_Part_${RUN_ID}_${++boundaryN}_${hex(8)}`;

function textPart(text, { charset = 'utf-8', flowed = false } = {}) {
  const ascii = isAscii(text);
  let cte, body;
  if (ascii) {
    cte = '7bit';
    body = text;
  } else {
    const r = rnd();
    if (r < 0.45) {
      cte = 'quoted-printable';
      body = qp(text);
    } else if (r < 0.8) {
      cte = 'base64';
      body = b64(Buffer.from(text));
    } else {
      cte = '8bit';
      body = text;
    }
  }
  const ct = `text/plain; charset=${ascii ? 'us-ascii' : charset}${flowed ? '; format=flowed' : ''}`;
  return `Content-Type: ${ct}\nContent-Transfer-Encoding: ${cte}\n\n${body}\n`;
}
function htmlPart(html) {
  const cte = chance(0.7) ? 'quoted-printable' : 'base64';
  const body = cte === 'base64' ? b64(Buffer.from(html)) : qp(html);
  return `Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: ${cte}\n\n${body}\n`;
}
function multipart(subtype, parts, extra = '') {
  const b = boundary();
  return (
    `Content-Type: multipart/${subtype};${extra}\n boundary="${b}"\n\nThis is a multi-part message in MIME format.\n\n` +
    parts.map((p) => `--${b}\n${p}`).join('\n') +
    `\n--${b}--\n`
  );
}
function filenameParams(name, disp = 'attachment') {
  if (isAscii(name)) return { ct: `; name="${name}"`, cd: `${disp}; filename="${name}"` };
  // Outlook/Gmail style: RFC 2047 in name=, RFC 2231 in filename*=
  const enc = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return { ct: `;\n name="${encWordsB(name).replace(/\n /g, ' ')}"`, cd: `${disp};\n filename*=UTF-8''${enc}` };
}
function attachment(kind) {
  let name, ct, data;
  switch (kind) {
    case 'pdf':
      name = pick(['report.pdf', 'invoice-2024-001.pdf', '회의록_2024.pdf', 'Field trip form (signed).pdf']);
      ct = 'application/pdf';
      data = pick(PDFS);
      break;
    case 'png':
      name = pick(['photo 001.png', 'screenshot.png', '사진.png', 'chart.png']);
      ct = 'image/png';
      data = pick(PNGS);
      break;
    case 'csv':
      name = pick(['grades.csv', '명단.csv']);
      ct = 'text/csv; charset=utf-8';
      data = Buffer.from(
        '\ufeffname,grade,score\n' +
          Array.from(
            { length: int(5, 60) },
            (_, i) => `${pick(['김철수', '이민지', 'Emily', 'José', 'Zoë'])} ${i},${int(1, 6)},${int(40, 100)}`,
          ).join('\n') +
          '\n',
      );
      break;
    case 'ics':
      name = 'invite.ics';
      ct = 'text/calendar; charset=utf-8; method=REQUEST';
      data = Buffer.from(ics());
      break;
    case 'docx':
      name = pick(['proposal_v2.docx', '가정통신문.docx', 'minutes.docx']);
      ct = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      data = noise(attSize());
      break;
    case 'xlsx':
      name = pick(['budget (final) v2.xlsx', '성적표.xlsx']);
      ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      data = noise(attSize());
      break;
    default:
      name = pick([
        'archive.zip',
        'data.bin',
        'a very long file name that goes on and on and on and on for testing.zip',
      ]);
      ct = 'application/octet-stream';
      data = noise(attSize());
  }
  const fp = filenameParams(name);
  const cte = ct.startsWith('text/') && chance(0.5) ? 'quoted-printable' : 'base64';
  const body = cte === 'base64' ? b64(data) : qp(data.toString('utf8'));
  return `Content-Type: ${ct}${fp.ct}\nContent-Disposition: ${fp.cd}\nContent-Transfer-Encoding: ${cte}\n\n${body}\n`;
}
function ics() {
  const uid = `${hex(16)}@school.test`;
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//pigeon//seed//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20240101T090000Z',
    `DTSTART:2024${String(int(1, 12)).padStart(2, '0')}${String(int(10, 28))}T060000Z`,
    'DURATION:PT1H',
    'SUMMARY:학부모 상담 / Parent meeting',
    'LOCATION:Room 204',
    'ORGANIZER;CN=Carol Chen:mailto:carol@school.test',
    `ATTENDEE;RSVP=TRUE;CN=${ME.name}:mailto:${ME.addr}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
function htmlDoc(paras, { ko = false, cid = null, hostile = false, newsletter = false } = {}) {
  let h =
    `<!DOCTYPE html>\n<html${ko ? ' lang="ko"' : ''}><head><meta charset="utf-8">\n` +
    `<style>body{font-family:Arial,sans-serif;color:#222} .box{border:1px solid #ccc;padding:8px} td{padding:4px}</style></head>\n<body>\n`;
  if (newsletter)
    h += `<table width="100%" style="background:#f4f4f4"><tr><td align="center"><h1 style="color:#336">${ko ? '주간 소식' : 'This week'}</h1></td></tr></table>\n`;
  for (const p of paras) h += `<p>${escHtml(p)}</p>\n`;
  if (chance(0.3)) {
    h += '<table border="1" cellspacing="0"><tr><th>Item</th><th>Qty</th><th>Price</th></tr>\n';
    for (let i = 0; i < int(2, 6); i++)
      h += `<tr><td>${pick(WORDS)}</td><td>${int(1, 9)}</td><td>${int(1, 500)}.00</td></tr>\n`;
    h += '</table>\n';
  }
  if (chance(0.4))
    h += `<p><a href="https://example.com/${pick(['docs', 'calendar', 'forms'])}/${hex(6)}">${ko ? '자세히 보기' : 'View online'}</a></p>\n`;
  if (cid) h += `<p><img src="cid:${cid}" alt="inline image" width="120"></p>\n`;
  if (newsletter || chance(0.05))
    h += `<img src="http://127.0.0.1:1/track.gif?m=${hex(10)}" width="1" height="1" alt="">\n`;
  if (hostile) {
    h +=
      '<script>window.__pigeon_xss = (window.__pigeon_xss||0)+1;</script>\n' +
      '<img src="x" onerror="window.__pigeon_xss=(window.__pigeon_xss||0)+1">\n' +
      '<a href="javascript:window.__pigeon_xss=1">click me</a>\n' +
      '<iframe src="http://127.0.0.1:1/frame"></iframe>\n<form action="http://127.0.0.1:1/phish"><input name="password"></form>\n' +
      '<div style="background:url(http://127.0.0.1:1/css-bg.png)">styled</div>\n';
  }
  if (newsletter)
    h += `<p style="font-size:11px;color:#888"><a href="https://example.org/unsubscribe?u=${hex(8)}">Unsubscribe</a></p>\n`;
  return h + '</body></html>\n';
}

// ---------------------------------------------------------------- message
const now = Date.now();
let endMs, startMs, step;
let recent = []; // thread candidates
const tzFor = (p) => (p.ko ? 540 : pick([0, 0, 60, -300, -420, 120, 540]));

function makeMessage(i) {
  const dateMs = Math.floor(startMs + step * i + rnd() * step * 0.8);
  let from,
    to,
    cc = [];
  const sentLike = KIND === 'sent' || KIND === 'drafts';
  const other = KIND === 'list' ? PEOPLE.find((p) => p.list) : pick(PEOPLE);
  if (sentLike) {
    from = ME;
    to = [other];
    if (chance(0.2)) to.push(pick(PEOPLE));
  } else {
    from = other;
    to = [ME];
  }
  if (chance(0.15)) cc = Array.from({ length: int(1, 4) }, () => pick(PEOPLE));
  const ko = FORCE_KO || !!from.ko || (sentLike && !!other.ko) || chance(0.15);

  // subject / thread
  let subject,
    parent = null,
    rawSubject,
    euckrSubject = null,
    body8 = null;
  let shape;
  if (KIND === 'junk') shape = pick(['junk', 'junk', 'hostile']);
  else if (from.list) shape = 'newsletter';
  else {
    const r = rnd();
    shape =
      r < 0.33
        ? 'plain'
        : r < 0.42
          ? 'html'
          : r < 0.7
            ? 'alt'
            : r < 0.82
              ? 'mixed'
              : r < 0.86
                ? 'related'
                : r < 0.89
                  ? 'forward'
                  : r < 0.91
                    ? 'calendar'
                    : r < 0.93
                      ? 'euckr'
                      : r < 0.94
                        ? 'bounce'
                        : r < 0.945
                          ? 'hostile'
                          : 'plain';
  }
  if (shape !== 'newsletter' && shape !== 'bounce' && recent.length && chance(0.28)) {
    parent = recent[Math.max(0, recent.length - 1 - int(0, Math.min(200, recent.length - 1)))];
  }
  if (parent) {
    const pre = parent.ko ? pick(['Re: ', 'RE: ', '답장: ']) : pick(['Re: ', 'Re: ', 'RE: ', 'Aw: ']);
    rawSubject = pre + parent.base;
  } else if (shape === 'junk' || shape === 'hostile') rawSubject = pick(JUNK_SUBJECTS)();
  else if (shape === 'euckr') {
    const s = pick(EUCKR.subjects);
    rawSubject = s[0];
    euckrSubject = s[1];
  } else if (shape === 'bounce') rawSubject = 'Undelivered Mail Returned to Sender';
  else if (shape === 'forward') rawSubject = 'Fwd: ' + (ko ? pick(KO_SUBJECTS)() : pick(EN_SUBJECTS)());
  else rawSubject = ko ? pick(KO_SUBJECTS)() : pick(EN_SUBJECTS)();
  subject = euckrSubject ? `=?EUC-KR?B?${euckrSubject}?=` : encHeaderText(rawSubject);

  const domain = from.addr.split('@')[1];
  const msgid = `<${RUN_ID}.${KIND}.${i}.${hex(8)}@${domain}>`;
  const refs = parent ? [...parent.refs, parent.id].slice(-10) : [];
  const tz = tzFor(from);

  // headers
  const H = [];
  if (shape === 'bounce') from = { name: 'Mail Delivery System', addr: 'MAILER-DAEMON@mx.example.net' };
  if (!sentLike) {
    H.push(`Return-Path: <${shape === 'bounce' ? '' : from.addr}>`);
    H.push(`Delivered-To: ${USER}`);
    H.push(
      `Received: from mx.${domain} (mx.${domain} [192.0.2.${int(1, 254)}])\n\tby mail.school.test (Postfix) with ESMTPS id ${hex(10).toUpperCase()}\n\tfor <${USER}>; ${rfcDate(dateMs + 2000, 0)}`,
    );
    if (chance(0.5))
      H.push(`Received: from [198.51.100.${int(1, 254)}] by mx.${domain} with ESMTPSA; ${rfcDate(dateMs + 500, tz)}`);
  }
  H.push(`Date: ${rfcDate(dateMs, tz)}`);
  H.push(`From: ${fmtAddr(from)}`);
  if (!(KIND === 'drafts' && chance(0.3))) H.push(`To: ${to.map(fmtAddr).join(',\n ')}`);
  if (cc.length) H.push(`Cc: ${cc.map(fmtAddr).join(',\n ')}`);
  if (chance(0.05)) H.push(`Reply-To: ${fmtAddr(pick(PEOPLE))}`);
  H.push(`Subject: ${subject}`);
  H.push(`Message-ID: ${msgid}`);
  if (parent) {
    H.push(`In-Reply-To: ${parent.id}`);
    H.push(`References: ${refs.join('\n ')}`);
  }
  if (shape === 'newsletter') {
    H.push(`List-Id: PTA news <news.pta.example.org>`);
    H.push(`List-Unsubscribe: <https://example.org/unsubscribe?u=${hex(8)}>, <mailto:unsubscribe@pta.example.org>`);
    H.push('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    H.push('Precedence: bulk');
  }
  if (shape === 'bounce') H.push('Auto-Submitted: auto-replied');
  if (shape === 'junk' || shape === 'hostile') H.push(`X-Spam-Flag: YES\nX-Spam-Score: ${int(6, 25)}.${int(0, 9)}`);
  if (chance(0.03)) H.push('X-Priority: 1 (Highest)\nImportance: high');
  if (chance(0.02)) H.push(`Disposition-Notification-To: ${fmtAddr(from)}`);
  H.push(
    `X-Mailer: ${pick(['Microsoft Outlook 16.0', 'Apple Mail (2.3774)', 'Thunderbird 115.6.0', 'Roundcube Webmail/1.6.5', 'pigeon-seed'])}`,
  );
  if (ko) H.push('Content-Language: ko-KR');
  H.push('MIME-Version: 1.0');

  // body text
  const greet = ko ? '안녕하세요,' : pick(['Hi,', 'Hello,', `Dear ${ME.name},`, 'Hi all,']);
  const paras = [greet, ...paragraphs(ko)];
  const sig = `-- \n${from.name || from.addr}\n${pick(['School of Testing', '(주)메일랩', 'Sent from my phone'])}`;
  let quote = '';
  if (parent)
    quote =
      `\n\nOn ${rfcDate(parent.ms, 0)}, ${parent.fromName} wrote:\n` +
      parent.snippet
        .split('\n')
        .map((l) => '> ' + l)
        .join('\n');
  const text = paras.map((p) => wrap(p)).join('\n\n') + quote + '\n\n' + sig + '\n';

  let mime;
  switch (shape) {
    case 'plain':
      mime = textPart(text, { flowed: chance(0.1) });
      break;
    case 'html':
      mime = htmlPart(htmlDoc(paras, { ko }));
      break;
    case 'alt':
      mime = multipart('alternative', [textPart(text), htmlPart(htmlDoc(paras, { ko }))]);
      break;
    case 'mixed': {
      const body = chance(0.6)
        ? multipart('alternative', [textPart(text), htmlPart(htmlDoc(paras, { ko }))])
        : textPart(text);
      const atts = Array.from({ length: int(1, 3) }, () =>
        attachment(pick(['pdf', 'pdf', 'png', 'png', 'csv', 'docx', 'xlsx', 'zip', 'ics'])),
      );
      mime = multipart('mixed', [body, ...atts]);
      break;
    }
    case 'related': {
      const cid = `img${hex(8)}@school.test`;
      const png = pick(PNGS);
      const img = `Content-Type: image/png; name="logo.png"\nContent-Transfer-Encoding: base64\nContent-ID: <${cid}>\nContent-Disposition: inline; filename="logo.png"\n\n${b64(png)}\n`;
      mime = multipart('alternative', [
        textPart(text),
        multipart('related', [htmlPart(htmlDoc(paras, { ko, cid })), img], ' type="text/html";'),
      ]);
      break;
    }
    case 'forward': {
      const inner =
        `Date: ${rfcDate(dateMs - 86400e3, tz)}\nFrom: ${fmtAddr(pick(PEOPLE))}\nTo: ${fmtAddr(from)}\nSubject: ${encHeaderText(rawSubject.replace(/^Fwd: /, ''))}\n` +
        `Message-ID: <fwd.${hex(12)}@example.com>\nMIME-Version: 1.0\n` +
        textPart(
          paragraphs(ko)
            .map((p) => wrap(p))
            .join('\n\n') + '\n',
        );
      mime = multipart('mixed', [
        textPart((ko ? '전달합니다.' : 'FYI, see below.') + '\n\n' + sig + '\n'),
        `Content-Type: message/rfc822\nContent-Disposition: attachment; filename="forwarded.eml"\n\n${inner}`,
      ]);
      break;
    }
    case 'calendar': {
      const cal = ics();
      mime = multipart('mixed', [
        multipart('alternative', [
          textPart(text),
          `Content-Type: text/calendar; charset=utf-8; method=REQUEST\nContent-Transfer-Encoding: 8bit\n\n${cal.replace(/\r\n/g, '\n')}`,
        ]),
        `Content-Type: application/ics; name="invite.ics"\nContent-Disposition: attachment; filename="invite.ics"\nContent-Transfer-Encoding: base64\n\n${b64(Buffer.from(cal))}\n`,
      ]);
      break;
    }
    case 'euckr':
      mime = `Content-Type: text/plain; charset=euc-kr\nContent-Transfer-Encoding: base64\n\n${b64(Buffer.from(EUCKR.body, 'base64'))}\n`;
      break;
    case 'newsletter':
      mime = multipart('alternative', [textPart(text), htmlPart(htmlDoc(paras, { ko, newsletter: true }))]);
      break;
    case 'bounce': {
      const orig = `From: ${fmtAddr(ME)}\nTo: <nobody@example.net>\nSubject: Hello\nMessage-ID: <orig.${hex(10)}@school.test>\nDate: ${rfcDate(dateMs - 60000, 0)}\n`;
      mime = multipart(
        'report',
        [
          textPart(
            "This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<nobody@example.net>: host mx.example.net said: 550 5.1.1 User unknown\n",
          ),
          'Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n',
          `Content-Type: text/rfc822-headers\n\n${orig}`,
        ],
        ' report-type=delivery-status;',
      );
      break;
    }
    case 'junk':
      mime = multipart('alternative', [textPart(text), htmlPart(htmlDoc(paras, { ko }))]);
      break;
    case 'hostile':
      mime = multipart('alternative', [textPart(text), htmlPart(htmlDoc(paras, { ko, hostile: true }))]);
      break;
    default:
      mime = textPart(text);
  }
  const msg = H.join('\n') + '\n' + mime;

  const rec = {
    id: msgid,
    refs,
    base: rawSubject.replace(/^((re|fwd|aw|답장):\s*)+/i, ''),
    ko,
    ms: dateMs,
    fromName: from.name || from.addr,
    snippet: wrap(paras[1] || paras[0])
      .split('\n')
      .slice(0, 3)
      .join('\n'),
  };
  recent.push(rec);
  if (recent.length > 400) recent.shift();
  return { msg, dateMs, parent };
}

// ---------------------------------------------------------------- write
function runJob(job) {
  ({ dir: DIR, count: COUNT, kind: KIND, ko: FORCE_KO } = job);
  SPAN_DAYS = KIND === 'archive' ? 2000 : 1095;
  END_HOURS_AGO = KIND === 'archive' ? 24000 : 1;
  rngState = hashStr(`${USER}:${KIND}:${COUNT}`); // deterministic per (user, folder kind, N)
  endMs = now - END_HOURS_AGO * 3600e3;
  startMs = endMs - SPAN_DAYS * 86400e3;
  step = (endMs - startMs) / Math.max(1, COUNT);
  recent = [];
  const t0 = Date.now();
  let bytes = 0;
  const host = 'seed';
  const pid = process.pid;
  const answered = new Set();
  const unseenFrom = Math.floor(COUNT * 0.97);
  for (let i = 0; i < COUNT; i++) {
    const { msg, dateMs, parent } = makeMessage(i);
    const buf = Buffer.from(msg, 'utf8');
    // virtual size = size with every bare LF counted as CRLF
    let lf = 0;
    for (let k = 0; k < buf.length; k++) if (buf[k] === 10 && (k === 0 || buf[k - 1] !== 13)) lf++;
    const vsize = buf.length + lf;
    // flags, in Maildir (ASCII) order: D F P R S T
    let flags = '';
    if (KIND === 'drafts') flags += 'D';
    if (chance(KIND === 'inbox' ? 0.03 : 0.01)) flags += 'F';
    if (parent && KIND === 'inbox') answered.add(parent.id);
    if (KIND !== 'drafts' && chance(0.08)) flags += 'R';
    const unseen = (KIND === 'inbox' || KIND === 'project' || KIND === 'list') && (i >= unseenFrom || chance(0.02));
    if (!unseen) flags += 'S';
    const internal = Math.floor((dateMs + 3000 + rnd() * 60000) / 1000);
    const usec = String(i % 1000000).padStart(6, '0');
    const name = `${internal}.M${usec}P${pid}Q${i}.${host},S=${buf.length},W=${vsize}:2,${flags}`;
    const tmp = path.join(DIR, 'tmp', name);
    fs.writeFileSync(tmp, buf);
    fs.utimesSync(tmp, internal, internal);
    fs.renameSync(tmp, path.join(DIR, 'cur', name));
    bytes += buf.length;
  }
  return { dir: DIR, kind: KIND, count: COUNT, bytes, ms: Date.now() - t0 };
}

for (const job of JOBS) console.log(JSON.stringify(runJob(job)));
