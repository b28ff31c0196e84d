-- AlterTable
ALTER TABLE "LocalBody" ADD COLUMN     "text" TEXT;
