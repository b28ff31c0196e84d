-- CreateTable
CREATE TABLE "LocalFolder" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "role" TEXT,
    "uidValidity" INTEGER NOT NULL,
    "uidNext" INTEGER NOT NULL DEFAULT 1,
    "highestModSeq" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalFolder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalMessage" (
    "id" UUID NOT NULL,
    "folderId" UUID NOT NULL,
    "uid" INTEGER NOT NULL,
    "modSeq" BIGINT NOT NULL,
    "flags" TEXT[],
    "bodyId" UUID NOT NULL,
    "summary" JSONB NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalBody" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "raw" BYTEA,
    "headers" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalBody_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalRemoval" (
    "folderId" UUID NOT NULL,
    "uid" INTEGER NOT NULL,
    "modSeq" BIGINT NOT NULL,

    CONSTRAINT "LocalRemoval_pkey" PRIMARY KEY ("folderId","uid")
);

-- CreateTable
CREATE TABLE "Pop3Download" (
    "accountId" UUID NOT NULL,
    "uidl" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "bodyId" UUID,
    "storedAt" TIMESTAMP(3),
    "removeFromServer" BOOLEAN NOT NULL DEFAULT false,
    "goneAt" TIMESTAMP(3),
    "note" TEXT,

    CONSTRAINT "Pop3Download_pkey" PRIMARY KEY ("accountId","uidl")
);

-- CreateTable
CREATE TABLE "Pop3Settings" (
    "accountId" UUID NOT NULL,
    "leaveOnServer" BOOLEAN NOT NULL DEFAULT true,
    "deleteAfterDays" INTEGER,
    "deleteWhenTrashed" BOOLEAN NOT NULL DEFAULT false,
    "lastCheckAt" TIMESTAMP(3),
    "lastErrorCode" TEXT,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "progressDone" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Pop3Settings_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE UNIQUE INDEX "LocalFolder_accountId_path_key" ON "LocalFolder"("accountId", "path");

-- CreateIndex
CREATE INDEX "LocalMessage_folderId_modSeq_idx" ON "LocalMessage"("folderId", "modSeq");

-- CreateIndex
CREATE INDEX "LocalMessage_folderId_date_idx" ON "LocalMessage"("folderId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "LocalMessage_folderId_uid_key" ON "LocalMessage"("folderId", "uid");

-- CreateIndex
CREATE INDEX "LocalBody_accountId_idx" ON "LocalBody"("accountId");

-- CreateIndex
CREATE INDEX "LocalRemoval_folderId_modSeq_idx" ON "LocalRemoval"("folderId", "modSeq");

-- CreateIndex
CREATE UNIQUE INDEX "Pop3Download_bodyId_key" ON "Pop3Download"("bodyId");

-- CreateIndex
CREATE INDEX "Pop3Download_accountId_state_idx" ON "Pop3Download"("accountId", "state");

-- AddForeignKey
ALTER TABLE "LocalMessage" ADD CONSTRAINT "LocalMessage_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "LocalFolder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalMessage" ADD CONSTRAINT "LocalMessage_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "LocalBody"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalRemoval" ADD CONSTRAINT "LocalRemoval_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "LocalFolder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3Download" ADD CONSTRAINT "Pop3Download_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "LocalBody"("id") ON DELETE SET NULL ON UPDATE CASCADE;
