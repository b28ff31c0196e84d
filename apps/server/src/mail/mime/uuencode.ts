// uuencoded files inside a plain-text body (`begin 644 name` … `end`), as old mailers and some
// gateways still send them. Line by line, no regex over the whole text; blocks that do not decode
// cleanly are left in the text untouched.

export interface UuFile {
  filename: string;
  content: Buffer;
}

export const UU_LIMITS = { files: 50 };

const BEGIN = /^begin [0-7]{3,4} (\S.{0,254})$/;

function decodeLine(line: string): Buffer | null {
  if (!line) return null;
  const n = (line.charCodeAt(0) - 32) & 63;
  if (n === 0) return Buffer.alloc(0);
  const groups = Math.ceil(n / 3);
  // some encoders drop trailing spaces, so a line may be shorter than its groups; never longer than ~2 chars extra
  if (line.length - 1 > groups * 4 + 2) return null;
  const out = Buffer.alloc(groups * 3);
  for (let g = 0; g < groups; g++) {
    const c = [0, 1, 2, 3].map((k) => {
      const code = line.charCodeAt(1 + g * 4 + k);
      return Number.isNaN(code) ? 0 : (code - 32) & 63;
    });
    out[g * 3] = (c[0]! << 2) | (c[1]! >> 4);
    out[g * 3 + 1] = ((c[1]! & 15) << 4) | (c[2]! >> 2);
    out[g * 3 + 2] = ((c[2]! & 3) << 6) | c[3]!;
  }
  return out.subarray(0, n);
}

/** The body without its uuencoded blocks, and the files they held. */
export function extractUuencoded(text: string): { text: string; files: UuFile[] } {
  if (!text.includes('begin ')) return { text, files: [] };
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  const files: UuFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = files.length < UU_LIMITS.files ? BEGIN.exec(lines[i]!) : null;
    if (!m) {
      kept.push(lines[i]!);
      continue;
    }
    const chunks: Buffer[] = [];
    let j = i + 1;
    let ended = false;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trimEnd() === 'end') {
        ended = true;
        break;
      }
      const bytes = decodeLine(line);
      if (!bytes) break;
      chunks.push(bytes);
    }
    if (!ended) {
      kept.push(lines[i]!);
      continue;
    }
    files.push({ filename: m[1]!.trim(), content: Buffer.concat(chunks) });
    i = j;
  }
  return { text: kept.join('\n'), files };
}
