import type { MessageStructureObject } from 'imapflow';

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const NAME_MAX = 1024;
const ID_MAX = 256;

/** An RFC 2231 `name*=utf-8''…` parameter: every byte but letters, digits and `._-` percent-encoded. */
function extendedParam(name: string, value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value.slice(0, NAME_MAX), 'utf8')) {
    const c = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9._-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `; ${name}*=utf-8''${encoded}`;
}

const token = (value: string | undefined) => (value && TOKEN.test(value) ? value.toLowerCase() : null);

/**
 * A MIME part header written from what BODYSTRUCTURE says of the part (type, charset, name, transfer encoding,
 * disposition, Content-ID), for the parts whose own header is not fetched. Every value is re-encoded, so nothing
 * the sender wrote can add a field or a line. Pure.
 */
export function structureHeader(node: MessageStructureObject): string {
  const type = node.type && MEDIA_TYPE.test(node.type) ? node.type.toLowerCase() : 'application/octet-stream';
  let contentType = `Content-Type: ${type}`;
  const charset = token(node.parameters?.charset);
  if (charset) contentType += `; charset=${charset}`;
  const name = node.parameters?.name;
  if (name) contentType += extendedParam('name', name);
  const lines = [contentType];
  const encoding = token(node.encoding);
  if (encoding) lines.push(`Content-Transfer-Encoding: ${encoding}`);
  const disposition = token(node.disposition);
  if (disposition) {
    const filename = node.dispositionParameters?.filename;
    lines.push(`Content-Disposition: ${disposition}${filename ? extendedParam('filename', filename) : ''}`);
  }
  const id = node.id?.replace(/[^\x21-\x7e]/g, '').slice(0, ID_MAX);
  if (id) lines.push(`Content-ID: ${id}`);
  return lines.map((l) => `${l}\r\n`).join('');
}
