-- AlterTable
ALTER TABLE "Pop3Settings" ADD COLUMN     "checkIntervalMinutes" INTEGER;
