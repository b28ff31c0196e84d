-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "vaultSealed" BYTEA;
