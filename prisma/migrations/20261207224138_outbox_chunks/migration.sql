-- The outbox message moves from one bytea column into slices of 256 KiB (decision 010, round 9): reading or
-- writing it whole made one 25 MB query whose hex and base64 coding held the event loop for ~0.75 s.

-- CreateTable
CREATE TABLE "OutboxChunk" (
    "outboxId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "OutboxChunk_pkey" PRIMARY KEY ("outboxId","seq")
);

-- AddForeignKey
ALTER TABLE "OutboxChunk" ADD CONSTRAINT "OutboxChunk_outboxId_fkey" FOREIGN KEY ("outboxId") REFERENCES "OutboxMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "rawSha256" TEXT,
ADD COLUMN     "rawSize" INTEGER;

-- Messages queued before this migration keep their bytes: sliced here, in the same transaction
INSERT INTO "OutboxChunk" ("outboxId", "seq", "data")
SELECT m."id", g.n, substring(m."raw" from g.n * 262144 + 1 for 262144)
FROM "OutboxMessage" m, generate_series(0, (octet_length(m."raw") - 1) / 262144) AS g(n)
WHERE m."raw" IS NOT NULL AND octet_length(m."raw") > 0;

UPDATE "OutboxMessage" SET "rawSize" = octet_length("raw"), "rawSha256" = encode(sha256("raw"), 'hex')
WHERE "raw" IS NOT NULL;

-- AlterTable
ALTER TABLE "OutboxMessage" DROP COLUMN "raw";
