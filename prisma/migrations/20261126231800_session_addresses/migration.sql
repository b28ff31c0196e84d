-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "imapAddress" TEXT,
ADD COLUMN     "smtpAddress" TEXT;
