
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "emailOptOutAt" DATETIME;
ALTER TABLE "Member" ADD COLUMN "locale" TEXT;

-- CreateTable
CREATE TABLE "EmailSettings" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "switches" TEXT NOT NULL DEFAULT '{}',
    "defaultLocale" TEXT NOT NULL DEFAULT 'en',
    "hourlyLimit" INTEGER NOT NULL DEFAULT 500,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EmailSettings_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EmailTemplate_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MemberEmail_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberEmail_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplate_shopDomain_kind_locale_key" ON "EmailTemplate"("shopDomain", "kind", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "MemberEmail_idempotencyKey_key" ON "MemberEmail"("idempotencyKey");

-- CreateIndex
CREATE INDEX "MemberEmail_status_runAfter_idx" ON "MemberEmail"("status", "runAfter");

-- CreateIndex
CREATE INDEX "MemberEmail_shopDomain_sentAt_idx" ON "MemberEmail"("shopDomain", "sentAt");

-- CreateIndex
CREATE INDEX "MemberEmail_memberId_createdAt_idx" ON "MemberEmail"("memberId", "createdAt");

