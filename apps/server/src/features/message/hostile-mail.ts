// Generators of the messages that took readers down (issue 9), for int tests and bench/reading-server.ts.
const CRLF = '\r\n';
const head = (subject: string, contentType: string, extra: string[] = []) =>
  [
    ...extra,
    'From: Sender <sender@example.com>',
    'To: reader@school.test',
    `Subject: ${subject}`,
    'Date: Mon, 1 Dec 2025 09:00:00 +0900',
    'Message-ID: <hostile@example.com>',
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ].join(CRLF);

const b64 = (buf: Buffer) => (buf.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);

/**
 * One text part and `n` small attachments; with `padBytes`, one more attachment of that many bytes (base64), so
 * the message is read by part (past WHOLE_READ_MAX_BYTES) rather than whole.
 */
export function manyPartsMessage(n: number, padBytes = 0): Buffer {
  const parts = [`Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}A message of eleven hundred parts.`];
  for (let i = 1; i <= n; i++)
    parts.push(
      `Content-Type: text/plain; name="part-${i}.txt"${CRLF}Content-Disposition: attachment; filename="part-${i}.txt"${CRLF}${CRLF}part ${i}`,
    );
  if (padBytes > 0)
    parts.push(
      `Content-Type: application/octet-stream; name="padding.bin"${CRLF}Content-Disposition: attachment; filename="padding.bin"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64(Buffer.alloc(padBytes, 7))}`,
    );
  const body = parts.map((p) => `--b${CRLF}${p}${CRLF}`).join('') + `--b--${CRLF}`;
  return Buffer.from(`${head('many parts', 'multipart/mixed; boundary="b"')}${CRLF}${CRLF}${body}`);
}

/** A header field of `bytes` bytes on one line, before the usual fields. */
export function longHeaderMessage(bytes: number): Buffer {
  const long = `X-Long: ${'a'.repeat(bytes)}`;
  return Buffer.from(
    `${head('long header', 'text/plain; charset=utf-8', [long])}${CRLF}${CRLF}The text after the long header.${CRLF}`,
  );
}

/** HTML that references one inline image `refs` times. */
export function cidFloodMessage(refs: number, imageBytes: number): Buffer {
  const html = `<p>A flood of references.</p>${'<img src="cid:pic@x">'.repeat(refs)}`;
  const image = Buffer.alloc(imageBytes, 1);
  const body = [
    `--r${CRLF}Content-Type: text/html; charset=utf-8${CRLF}${CRLF}${html}${CRLF}`,
    `--r${CRLF}Content-Type: image/png${CRLF}Content-ID: <pic@x>${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64(image)}${CRLF}`,
    `--r--${CRLF}`,
  ].join('');
  return Buffer.from(`${head('cid flood', 'multipart/related; boundary="r"')}${CRLF}${CRLF}${body}`);
}

/** The 0.5 MB mail whose style attributes hold `url(` and 40,000 spaces, ten times (11 s per open before). */
export function cssBacktrackMessage(): Buffer {
  const el = `<div style="background:url(${' '.repeat(40_000)}">x</div>`;
  return Buffer.from(
    `${head('css backtrack', 'text/html; charset=utf-8')}${CRLF}${CRLF}<p>css</p>${el.repeat(10)}${CRLF}`,
  );
}

/** A text part of `bytes` bytes and a small PDF. */
export function tooLargeMessage(bytes: number): Buffer {
  const line = 'This line is part of a very long text.'.padEnd(76, ' ');
  const text = Array.from({ length: Math.ceil(bytes / 78) }, () => line).join(CRLF);
  const body = [
    `--m${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}${text}${CRLF}`,
    `--m${CRLF}Content-Type: application/pdf; name="report.pdf"${CRLF}Content-Disposition: attachment; filename="report.pdf"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64(Buffer.from('%PDF-1.4 tiny'))}${CRLF}`,
    `--m--${CRLF}`,
  ].join('');
  return Buffer.from(`${head('too large', 'multipart/mixed; boundary="m"')}${CRLF}${CRLF}${body}`);
}

/** multipart/alternative: a short plain text and an HTML of `n` styled blocks (about 100 bytes each) to sanitize. */
export function bigHtmlMessage(n: number): Buffer {
  const html = '<div class="a"><span style="color:red;font-weight:bold">x</span><a href="https://e.test/">l</a></div>';
  const body = [
    `--a${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}This is the plain text of a big message.${CRLF}`,
    `--a${CRLF}Content-Type: text/html; charset=utf-8${CRLF}${CRLF}${html.repeat(n)}${CRLF}`,
    `--a--${CRLF}`,
  ].join('');
  return Buffer.from(`${head('big html', 'multipart/alternative; boundary="a"')}${CRLF}${CRLF}${body}`);
}

/** A message of about `bytes` bytes: a short text and one large base64 attachment (bench: RSS while opening it). */
export function hugeMessage(bytes: number): Buffer {
  const chunk = Buffer.alloc(Math.floor((bytes * 3) / 4), 5);
  const body = [
    `--h${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}A huge message.${CRLF}`,
    `--h${CRLF}Content-Type: application/octet-stream; name="huge.bin"${CRLF}Content-Disposition: attachment; filename="huge.bin"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64(chunk)}${CRLF}`,
    `--h--${CRLF}`,
  ].join('');
  return Buffer.from(`${head('huge', 'multipart/mixed; boundary="h"')}${CRLF}${CRLF}${body}`);
}
