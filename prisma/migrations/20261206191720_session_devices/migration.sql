-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastIp" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordTag" INTEGER;
