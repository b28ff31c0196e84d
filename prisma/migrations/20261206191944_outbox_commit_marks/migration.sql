-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "committingAt" TIMESTAMP(3);
