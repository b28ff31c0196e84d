// Builds the hostile-mail set (this folder's .html/.txt files, see README.md) into RFC 5322 messages to APPEND.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));

export interface HostileMessage {
  /** file name without extension; the body shows `hostile-probe <name>` */
  name: string;
  /** unique per build, to find the row */
  subject: string;
  /** the HTML part, or null for a plain-text message */
  html: string | null;
  remote: boolean;
  raw: string;
}

const b64 = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, (line) => `${line}\r\n`);

function message(subject: string, parts: { type: string; body: string }[], index: number): string {
  const head = [
    'From: Hostile Sender <hostile@school.test>',
    'To: reader@school.test',
    `Subject: ${subject}`,
    // oldest first, so the list shows them in file order from the bottom
    `Date: Mon, 1 Dec 2025 09:${String(index).padStart(2, '0')}:00 +0000`,
    `Message-ID: <hostile-${index}-${Date.now()}@school.test>`,
    'MIME-Version: 1.0',
  ];
  const part = (p: { type: string; body: string }) =>
    `Content-Type: ${p.type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(p.body)}`;
  if (parts.length === 1) return `${head.join('\r\n')}\r\n${part(parts[0]!)}`;
  const boundary = `hostile-${index}-boundary`;
  return [
    ...head,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    ...parts.flatMap((p) => [`--${boundary}`, part(p)]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Every vector of the set, plus the reported 0.5 MB CSS mail (url( + 40,000 spaces, ten times), generated. */
export function buildHostileSet(tag: string): HostileMessage[] {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.html') || f.endsWith('.txt'))
    .sort();
  const out: HostileMessage[] = files.map((file, i) => {
    const name = file.replace(/\.(html|txt)$/, '');
    const body = readFileSync(path.join(DIR, file), 'utf8');
    const subject = `hostile ${name} ${tag}`;
    const html = file.endsWith('.html') ? body : null;
    const remote = html !== null && /^<!-- vector: .*? \| remote: yes \|/.test(html);
    const parts = html
      ? [
          { type: 'text/plain', body: `hostile-probe ${name} (text part)` },
          { type: 'text/html', body: html },
        ]
      : [{ type: 'text/plain', body }];
    return { name, subject, html, remote, raw: message(subject, parts, i) };
  });
  const pad = ' '.repeat(40_000);
  const slow = `<p>hostile-probe pathological-css</p>${Array.from(
    { length: 10 },
    (_, i) => `<p style="color:#333;background:url(${pad}">paragraph ${i}</p>`,
  ).join('')}`;
  const subject = `hostile pathological-css ${tag}`;
  out.push({
    name: 'pathological-css',
    subject,
    html: slow,
    remote: false,
    raw: message(subject, [{ type: 'text/html', body: slow }], out.length),
  });
  return out;
}
