/*
  Warnings:

  - A unique constraint covering the columns `[userId,clientKey]` on the table `OutboxMessage` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "clientKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_userId_clientKey_key" ON "OutboxMessage"("userId", "clientKey");
