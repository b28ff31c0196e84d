-- Rows of an account that no longer exists (nothing tied them to it before, so deleting an account left its POP3
-- store behind): nothing can read them, and the foreign keys below cannot be added while they exist.
DELETE FROM "LocalFolder" WHERE "accountId" NOT IN (SELECT "id" FROM "Account");
DELETE FROM "Pop3Download" WHERE "accountId" NOT IN (SELECT "id" FROM "Account");
DELETE FROM "LocalBody" WHERE "accountId" NOT IN (SELECT "id" FROM "Account");
DELETE FROM "Pop3Settings" WHERE "accountId" NOT IN (SELECT "id" FROM "Account");

-- DropForeignKey
ALTER TABLE "LocalMessage" DROP CONSTRAINT "LocalMessage_bodyId_fkey";

-- AddForeignKey
ALTER TABLE "LocalFolder" ADD CONSTRAINT "LocalFolder_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalMessage" ADD CONSTRAINT "LocalMessage_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "LocalBody"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalBody" ADD CONSTRAINT "LocalBody_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3Download" ADD CONSTRAINT "Pop3Download_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3Settings" ADD CONSTRAINT "Pop3Settings_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
