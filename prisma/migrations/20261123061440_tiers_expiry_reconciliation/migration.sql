-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameFr" TEXT,
    "threshold" INTEGER NOT NULL,
    "earnMultiplier" REAL NOT NULL DEFAULT 1,
    "entryBonus" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tier_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberTier" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "tierId" TEXT,
    "achievedAt" DATETIME,
    "holdUntil" DATETIME,
    "heldTierId" TEXT,
    "heldUntil" DATETIME,
    "mirroredTag" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MemberTier_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberTier_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MemberNotice_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberNotice_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReconciliationCursor" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "updatedSince" DATETIME,
    "lastRunAt" DATETIME,
    "lastError" TEXT,
    "ordersSeen" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReconciliationCursor_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RetroactiveRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "since" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "ordersSeen" INTEGER NOT NULL DEFAULT 0,
    "ordersAwarded" INTEGER NOT NULL DEFAULT 0,
    "pointsAwarded" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "RetroactiveRun_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PeriodicRun" (
    "shopDomain" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "lastRunAt" DATETIME NOT NULL,
    "nextRunAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopDomain", "job"),
    CONSTRAINT "PeriodicRun_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable: columns added in place (no table redefinition, so other migrations touching Program stay independent).
ALTER TABLE "Program" ADD COLUMN "tierBasis" TEXT NOT NULL DEFAULT 'points_earned';
ALTER TABLE "Program" ADD COLUMN "tierWindow" TEXT NOT NULL DEFAULT 'lifetime';
ALTER TABLE "Program" ADD COLUMN "expiryPolicy" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "Program" ADD COLUMN "expiryMonths" INTEGER NOT NULL DEFAULT 12;
ALTER TABLE "Program" ADD COLUMN "expiringSoonDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "Program" ADD COLUMN "reconcileEveryMinutes" INTEGER NOT NULL DEFAULT 15;
ALTER TABLE "Program" ADD COLUMN "guestClaimDays" INTEGER NOT NULL DEFAULT 90;

-- CreateIndex
CREATE INDEX "Tier_shopDomain_threshold_idx" ON "Tier"("shopDomain", "threshold");

-- CreateIndex
CREATE INDEX "MemberTier_shopDomain_tierId_idx" ON "MemberTier"("shopDomain", "tierId");

-- CreateIndex
CREATE INDEX "MemberTier_shopDomain_holdUntil_idx" ON "MemberTier"("shopDomain", "holdUntil");

-- CreateIndex
CREATE UNIQUE INDEX "MemberNotice_key_key" ON "MemberNotice"("key");

-- CreateIndex
CREATE INDEX "MemberNotice_shopDomain_kind_sentAt_idx" ON "MemberNotice"("shopDomain", "kind", "sentAt");

-- CreateIndex
CREATE INDEX "MemberNotice_memberId_idx" ON "MemberNotice"("memberId");

-- CreateIndex
CREATE INDEX "RetroactiveRun_shopDomain_requestedAt_idx" ON "RetroactiveRun"("shopDomain", "requestedAt");

-- CreateIndex
CREATE INDEX "PeriodicRun_nextRunAt_idx" ON "PeriodicRun"("nextRunAt");

