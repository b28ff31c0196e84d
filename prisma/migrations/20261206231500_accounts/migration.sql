-- Accounts (docs/decisions/018-accounts.md): the servers, login and password move from each Session to the user's
-- Account; a session keeps only who and which device, plus its sealed copy of each account's password.

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "protocol" TEXT NOT NULL DEFAULT 'imap',
    "login" TEXT NOT NULL,
    "incomingHost" TEXT NOT NULL,
    "incomingPort" INTEGER NOT NULL,
    "incomingTls" TEXT NOT NULL,
    "smtpHost" TEXT NOT NULL,
    "smtpPort" INTEGER NOT NULL,
    "smtpTls" TEXT NOT NULL,
    "incomingAddress" TEXT,
    "smtpAddress" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "passwordTag" INTEGER,
    "syncState" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountPassword" (
    "sessionId" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "sealed" BYTEA NOT NULL,

    CONSTRAINT "AccountPassword_pkey" PRIMARY KEY ("sessionId","accountId")
);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "accountId" UUID;

-- Data: every user with a session gets a primary account with the servers of their most recently seen session
INSERT INTO "Account" ("id", "userId", "address", "login", "incomingHost", "incomingPort", "incomingTls",
    "smtpHost", "smtpPort", "smtpTls", "incomingAddress", "smtpAddress", "isPrimary", "passwordTag", "createdAt",
    "updatedAt")
SELECT DISTINCT ON (s."userId") gen_random_uuid(), s."userId", u."email", s."login", s."imapHost", s."imapPort",
    s."imapTls", s."smtpHost", s."smtpPort", s."smtpTls", s."imapAddress", s."smtpAddress", true, u."passwordTag",
    u."createdAt", CURRENT_TIMESTAMP
FROM "Session" s JOIN "User" u ON u."id" = s."userId"
ORDER BY s."userId", s."lastSeenAt" DESC;

-- each session's sealed password is kept as it is (same key, same associated data: the session id)
INSERT INTO "AccountPassword" ("sessionId", "accountId", "sealed")
SELECT s."id", a."id", s."encryptedPassword"
FROM "Session" s JOIN "Account" a ON a."userId" = s."userId" AND a."isPrimary";

UPDATE "OutboxMessage" o SET "accountId" = a."id"
FROM "Account" a WHERE a."userId" = o."userId" AND a."isPrimary";

-- AlterTable
ALTER TABLE "Session" DROP COLUMN "encryptedPassword",
DROP COLUMN "imapAddress",
DROP COLUMN "imapHost",
DROP COLUMN "imapPort",
DROP COLUMN "imapTls",
DROP COLUMN "login",
DROP COLUMN "smtpAddress",
DROP COLUMN "smtpHost",
DROP COLUMN "smtpPort",
DROP COLUMN "smtpTls";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "passwordTag";

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_userId_address_key" ON "Account"("userId", "address");

-- CreateIndex
CREATE INDEX "AccountPassword_accountId_idx" ON "AccountPassword"("accountId");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountPassword" ADD CONSTRAINT "AccountPassword_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountPassword" ADD CONSTRAINT "AccountPassword_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
