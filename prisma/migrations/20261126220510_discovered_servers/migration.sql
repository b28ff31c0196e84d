-- CreateTable
CREATE TABLE "DiscoveredServers" (
    "domain" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "imapHost" TEXT NOT NULL,
    "imapPort" INTEGER NOT NULL,
    "imapTls" TEXT NOT NULL,
    "smtpHost" TEXT NOT NULL,
    "smtpPort" INTEGER NOT NULL,
    "smtpTls" TEXT NOT NULL,
    "usernameTemplate" TEXT NOT NULL,
    "provider" TEXT,
    "verifiedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscoveredServers_pkey" PRIMARY KEY ("domain")
);
