import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { insertMessages, lockFolder } from '../local/local-store.repository.ts';
import type { StoredSummary } from '../local/local-summary.ts';
import type { LedgerEntry, Pop3Options } from './pop3-plan.ts';

export interface Pop3SettingsRow extends Pop3Options {
  /** minutes between checks; null: the server's POP3_CHECK_INTERVAL_MINUTES */
  checkIntervalMinutes: number | null;
  lastCheckAt: Date | null;
  lastErrorCode: string | null;
  progressTotal: number;
  progressDone: number;
}

/** One downloaded message (or, for a preview, its headers) ready to be stored. */
export interface Downloaded {
  uidl: string;
  /** null for a TOP preview */
  raw: Buffer | null;
  headers: Buffer;
  size: number;
  summary: StoredSummary;
  date: Date;
  /** the decoded text for search words (null for a preview) */
  text: string | null;
}

const INBOX = 'INBOX';
// a batch is a few dozen statements; Prisma's 5 s default is too short on a loaded machine (seen at load 38)
const TX = { timeout: 60_000, maxWait: 30_000 };

/**
 * The POP3 account's exactly-once ledger (Pop3Download) and options (Pop3Settings). A UIDL is worked on only under
 * a claim (owner + lease); it turns `stored` in the transaction that writes the message, and only while the
 * claim is still this owner's, so a message is stored once whatever dies or races (decision 019).
 */
export function createPop3Ledger(prisma: PrismaClient) {
  return {
    async settings(accountId: string): Promise<Pop3SettingsRow> {
      // createMany + skipDuplicates is INSERT .. ON CONFLICT DO NOTHING: two fetchers may both arrive first
      await prisma.pop3Settings.createMany({ data: [{ accountId }], skipDuplicates: true });
      return prisma.pop3Settings.findUniqueOrThrow({ where: { accountId } });
    },

    async updateSettings(
      accountId: string,
      patch: Partial<
        Pop3Options &
          Pick<
            Pop3SettingsRow,
            'checkIntervalMinutes' | 'lastCheckAt' | 'lastErrorCode' | 'progressTotal' | 'progressDone'
          >
      >,
    ): Promise<void> {
      // one INSERT .. ON CONFLICT DO UPDATE (Prisma's native upsert): progress is written after every batch
      await prisma.pop3Settings.upsert({ where: { accountId }, create: { accountId, ...patch }, update: patch });
    },

    async entries(accountId: string): Promise<Map<string, LedgerEntry>> {
      const rows = await prisma.pop3Download.findMany({
        where: { accountId, goneAt: null },
        select: { uidl: true, state: true, storedAt: true, removeFromServer: true },
      });
      return new Map(rows.map((r) => [r.uidl, r as LedgerEntry]));
    },

    /** Takes the UIDLs nobody holds (new ones, or claims whose lease ran out); answers the ones now ours. */
    async claim(accountId: string, uidls: string[], owner: string, now: Date, until: Date): Promise<Set<string>> {
      if (uidls.length === 0) return new Set();
      const rows = await prisma.$queryRaw<{ uidl: string }[]>`
        INSERT INTO "Pop3Download" ("accountId", uidl, state, "claimedBy", "claimedUntil")
        SELECT ${accountId}::uuid, u, 'claimed', ${owner}, ${until} FROM unnest(${uidls}::text[]) AS u
        ON CONFLICT ("accountId", uidl) DO UPDATE SET "claimedBy" = EXCLUDED."claimedBy", "claimedUntil" = EXCLUDED."claimedUntil"
        WHERE "Pop3Download".state IN ('claimed', 'previewed')
          AND ("Pop3Download"."claimedUntil" IS NULL OR "Pop3Download"."claimedUntil" < ${now})
        RETURNING uidl`;
      return new Set(rows.map((r) => r.uidl));
    },

    /** Gives claims back at once (a batch that failed), so another check need not wait for the lease. */
    async release(accountId: string, uidls: string[], owner: string): Promise<void> {
      await prisma.pop3Download.updateMany({
        where: { accountId, uidl: { in: uidls }, claimedBy: owner },
        data: { claimedBy: null, claimedUntil: null },
      });
    },

    /** Previews: a message row from the headers, into INBOX; the ledger says `previewed` and the claim ends. */
    async storePreviews(accountId: string, owner: string, items: Downloaded[]): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const mine = await takeOwn(tx, accountId, owner, items, ['claimed'], 'previewed', null);
        const kept = items.filter((i) => mine.has(i.uidl));
        await addToInbox(tx, accountId, kept);
        return kept.length;
      }, TX);
    },

    /**
     * Whole messages: new ones get a body and an INBOX row; previewed ones get their bytes and a fresh list row
     * (wherever the user has moved them since). Answers how many were this owner's to store.
     */
    async storeMessages(accountId: string, owner: string, items: Downloaded[], now: Date): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const mine = await takeOwn(tx, accountId, owner, items, ['claimed', 'previewed'], 'stored', now);
        const fresh = items.filter((i) => mine.get(i.uidl)?.state === 'claimed');
        // a previewed message the user already deleted has no body left: it stays deleted
        const previewed = items.filter((i) => mine.get(i.uidl)?.state === 'previewed' && mine.get(i.uidl)?.bodyId);
        await addToInbox(tx, accountId, fresh);
        await fillBodies(
          tx,
          previewed.map((item) => ({ bodyId: mine.get(item.uidl)!.bodyId!, item })),
        );
        return mine.size;
      }, TX);
    },

    /** A message Pigeon will not download (larger than the bound): never asked for again. */
    async skip(accountId: string, owner: string, uidl: string, note: string): Promise<void> {
      await prisma.pop3Download.updateMany({
        where: { accountId, uidl, claimedBy: owner },
        data: { state: 'skipped', note, claimedBy: null, claimedUntil: null },
      });
    },

    async markGone(accountId: string, uidls: string[], now: Date): Promise<void> {
      if (uidls.length)
        await prisma.pop3Download.updateMany({ where: { accountId, uidl: { in: uidls } }, data: { goneAt: now } });
    },

    /** How many UIDLs are stored (for tests and status). */
    async countStored(accountId: string): Promise<number> {
      return prisma.pop3Download.count({ where: { accountId, state: 'stored' } });
    },
  };
}

export type Pop3Ledger = ReturnType<typeof createPop3Ledger>;

/**
 * Moves this owner's claimed rows to `state`, locking them first: a rival whose lease ran out and who stores the
 * same UIDL blocks on the lock and then finds the row no longer claimed by it. Answers the rows as they were.
 */
async function takeOwn(
  tx: Prisma.TransactionClient,
  accountId: string,
  owner: string,
  items: Downloaded[],
  from: string[],
  to: 'previewed' | 'stored',
  storedAt: Date | null,
): Promise<Map<string, { state: string; bodyId: string | null }>> {
  const uidls = items.map((i) => i.uidl);
  const rows = await tx.$queryRaw<{ uidl: string; state: string; bodyId: string | null }[]>`
    SELECT uidl, state, "bodyId" FROM "Pop3Download"
    WHERE "accountId" = ${accountId}::uuid AND uidl = ANY(${uidls}::text[]) AND "claimedBy" = ${owner}
      AND state = ANY(${from}::text[])
    FOR UPDATE`;
  const mine = rows.map((r) => r.uidl);
  if (mine.length)
    await tx.$executeRaw`
      UPDATE "Pop3Download" SET state = ${to}, "claimedBy" = NULL, "claimedUntil" = NULL, "storedAt" = ${storedAt}
      WHERE "accountId" = ${accountId}::uuid AND uidl = ANY(${mine}::text[])`;
  return new Map(rows.map((r) => [r.uidl, { state: r.state, bodyId: r.bodyId }]));
}

async function addToInbox(tx: Prisma.TransactionClient, accountId: string, items: Downloaded[]): Promise<void> {
  if (items.length === 0) return;
  const inbox = await lockFolder(tx, accountId, INBOX);
  const ids = items.map(() => randomUUID());
  await tx.localBody.createMany({
    data: items.map((i, k) => ({
      id: ids[k]!,
      accountId,
      raw: i.raw ? new Uint8Array(i.raw) : null,
      headers: new Uint8Array(i.headers),
      size: i.size,
      text: i.text,
    })),
  });
  await insertMessages(
    tx,
    inbox.id,
    items.map((i, k) => ({ bodyId: ids[k]!, summary: i.summary, date: i.date, flags: [] })),
  );
  const uidls = items.map((i) => i.uidl);
  await tx.$executeRaw`
    UPDATE "Pop3Download" d SET "bodyId" = v.body
    FROM unnest(${uidls}::text[], ${ids}::uuid[]) AS v(uidl, body)
    WHERE d."accountId" = ${accountId}::uuid AND d.uidl = v.uidl`;
}

/**
 * Bytes for previewed messages, and their list rows refreshed (each takes its folder's next modseq, in UID order):
 * two statements for the whole batch, not two per message (decision 035).
 */
async function fillBodies(tx: Prisma.TransactionClient, items: { bodyId: string; item: Downloaded }[]): Promise<void> {
  if (items.length === 0) return;
  const ids = items.map((x) => x.bodyId);
  const raws = items.map((x) => x.item.raw!.toString('base64'));
  const sizes = items.map((x) => x.item.size);
  const texts = items.map((x) => x.item.text);
  const summaries = items.map((x) => JSON.stringify(x.item.summary));
  await tx.$executeRaw`
    UPDATE "LocalBody" b SET raw = decode(v.raw, 'base64'), size = v.size, text = v.text
    FROM unnest(${ids}::uuid[], ${raws}::text[], ${sizes}::int[], ${texts}::text[]) AS v(id, raw, size, text)
    WHERE b.id = v.id`;
  await tx.$executeRaw`
    WITH v AS (SELECT * FROM unnest(${ids}::uuid[], ${summaries}::text[]) AS v(body, summary)),
    m AS (
      SELECT lm.id, lm."folderId", v.summary::jsonb AS summary,
        row_number() OVER (PARTITION BY lm."folderId" ORDER BY lm.uid) AS k,
        count(*) OVER (PARTITION BY lm."folderId") AS c
      FROM "LocalMessage" lm JOIN v ON lm."bodyId" = v.body),
    f AS (
      UPDATE "LocalFolder" lf SET "highestModSeq" = lf."highestModSeq" + x.c
      FROM (SELECT DISTINCT "folderId", c FROM m) x WHERE lf.id = x."folderId"
      RETURNING lf.id, lf."highestModSeq")
    UPDATE "LocalMessage" lm SET summary = m.summary, "modSeq" = f."highestModSeq" - m.c + m.k
    FROM m JOIN f ON f.id = m."folderId" WHERE lm.id = m.id`;
}
