import type { MessageSummary } from '@pigeon/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { flagsOf, LocalFolderMissing } from './local-store.repository.ts';
import { toRow, type StoredSummary } from './local-summary.ts';

/** One message of a local folder as the list views read it: its row, flags and Date (or arrival). */
export interface LocalRow {
  uid: number;
  flags: string[];
  summary: MessageSummary;
  date: Date;
}

/** Where a search word is looked for in the stored bytes: the whole message (IMAP TEXT) or after the header block (BODY). */
export type TextPart = 'text' | 'body';

/** The UTF-8 bytes of `needle` as Latin-1 text, so they meet `convert_from(raw, 'LATIN1')` byte for byte. Pure. */
export const latin1Needle = (needle: string): string => Buffer.from(needle, 'utf8').toString('latin1');

/** The queries behind a POP3 account's list views, conversations and all-folders search (decision 035). */
export function createLocalViews(prisma: PrismaClient) {
  const folderId = async (accountId: string, path: string) => {
    const f = await prisma.localFolder.findUnique({
      where: { accountId_path: { accountId, path } },
      select: { id: true },
    });
    if (!f) throw new LocalFolderMissing(path);
    return f.id;
  };

  return {
    /** Every message of the folder (list row, flags, date), ascending UID. */
    async rows(accountId: string, path: string): Promise<LocalRow[]> {
      const id = await folderId(accountId, path);
      const rows = await prisma.localMessage.findMany({
        where: { folderId: id },
        orderBy: { uid: 'asc' },
        select: { uid: true, flags: true, summary: true, date: true },
      });
      return rows.map((r) => ({
        uid: r.uid,
        flags: r.flags,
        date: r.date,
        summary: toRow(r.summary as StoredSummary, r.uid, flagsOf(r.flags)),
      }));
    },

    /**
     * UIDs whose stored bytes hold `needle` (ASCII case-insensitive, other bytes exact: UTF-8 text as written), or
     * whose decoded text does (case-insensitive; base64 and quoted-printable parts, decided at download). A message
     * holding a NUL byte cannot be read as text, so its bytes are matched byte for byte.
     */
    async textHits(accountId: string, path: string, needle: string, part: TextPart): Promise<Set<number>> {
      const id = await folderId(accountId, path);
      const latin = latin1Needle(needle);
      const bytes = new Uint8Array(Buffer.from(needle, 'utf8'));
      const rows =
        part === 'text'
          ? await prisma.$queryRaw<{ uid: number }[]>`
            SELECT m.uid FROM "LocalMessage" m JOIN "LocalBody" b ON b.id = m."bodyId",
              LATERAL (SELECT coalesce(b.raw, b.headers) AS x) s
            WHERE m."folderId" = ${id}::uuid AND (CASE WHEN position('\\x00'::bytea IN s.x) = 0
              THEN strpos(lower(convert_from(s.x, 'LATIN1')), lower(${latin})) > 0
              ELSE position(${bytes} IN s.x) > 0 END
              OR strpos(lower(b.text), lower(${needle})) > 0)`
          : await prisma.$queryRaw<{ uid: number }[]>`
            SELECT m.uid FROM "LocalMessage" m JOIN "LocalBody" b ON b.id = m."bodyId",
              LATERAL (SELECT substring(b.raw FROM octet_length(b.headers) + 1) AS x) s
            WHERE m."folderId" = ${id}::uuid AND s.x IS NOT NULL AND (CASE WHEN position('\\x00'::bytea IN s.x) = 0
              THEN strpos(lower(convert_from(s.x, 'LATIN1')), lower(${latin})) > 0
              ELSE position(${bytes} IN s.x) > 0 END
              OR strpos(lower(b.text), lower(${needle})) > 0)`;
      return new Set(rows.map((r) => r.uid));
    },

    /** The header block and date of every message of the folder (what threading reads), ascending UID. */
    async threadHeaders(accountId: string, path: string): Promise<{ uid: number; headers: Buffer; date: Date }[]> {
      const id = await folderId(accountId, path);
      const rows = await prisma.$queryRaw<{ uid: number; headers: Uint8Array; date: Date }[]>`
        SELECT m.uid, b.headers, m.date FROM "LocalMessage" m JOIN "LocalBody" b ON b.id = m."bodyId"
        WHERE m."folderId" = ${id}::uuid ORDER BY m.uid ASC`;
      return rows.map((r) => ({ uid: r.uid, headers: Buffer.from(r.headers), date: r.date }));
    },
  };
}

export type LocalViews = ReturnType<typeof createLocalViews>;
