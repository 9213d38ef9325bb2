-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '{}',
    "image" TEXT NOT NULL DEFAULT '{}',
    "config" TEXT NOT NULL,
    "appliesTo" TEXT NOT NULL DEFAULT '{"kind":"all"}',
    "minimumSubtotal" TEXT,
    "combinesWith" TEXT NOT NULL DEFAULT '{}',
    "codeValidityDays" INTEGER,
    "refundPointsOnExpiry" BOOLEAN NOT NULL DEFAULT false,
    "limitPerCustomer" INTEGER,
    "stock" INTEGER,
    "redeemedCount" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "tierRules" TEXT NOT NULL DEFAULT '{"visibleToTiers":null,"tierCosts":[]}',
    "pointsCost" INTEGER NOT NULL,
    "poolId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "oneOff" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Redemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT,
    "rewardType" TEXT NOT NULL,
    "rewardSnapshot" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'reserved',
    "idempotencyKey" TEXT,
    "requestFingerprint" TEXT,
    "code" TEXT,
    "shopifyId" TEXT,
    "codeExpiresAt" DATETIME,
    "refundPointsOnExpiry" BOOLEAN NOT NULL DEFAULT false,
    "gift" BOOLEAN NOT NULL DEFAULT false,
    "giftedBy" TEXT,
    "debitEntryId" TEXT,
    "refundEntryId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "usedOrderId" TEXT,
    "mintedAt" DATETIME,
    "confirmedAt" DATETIME,
    "failedAt" DATETIME,
    "cancelledAt" DATETIME,
    "expiredAt" DATETIME,
    "usedAt" DATETIME,
    "refundedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Redemption_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CodePoolFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "importedCount" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CodePoolFile_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PoolCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "redemptionId" TEXT,
    "assignedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PoolCode_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PoolCode_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "CodePoolFile" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PoolCode_redemptionId_fkey" FOREIGN KEY ("redemptionId") REFERENCES "Redemption" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RedemptionAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RedemptionAttempt_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RedemptionAttempt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Reward_shopDomain_archivedAt_active_idx" ON "Reward"("shopDomain", "archivedAt", "active");

-- CreateIndex
CREATE INDEX "Redemption_shopDomain_state_idx" ON "Redemption"("shopDomain", "state");

-- CreateIndex
CREATE INDEX "Redemption_memberId_createdAt_idx" ON "Redemption"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "Redemption_rewardId_memberId_idx" ON "Redemption"("rewardId", "memberId");

-- CreateIndex
CREATE INDEX "Redemption_state_codeExpiresAt_idx" ON "Redemption"("state", "codeExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shopDomain_memberId_idempotencyKey_key" ON "Redemption"("shopDomain", "memberId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shopDomain_code_key" ON "Redemption"("shopDomain", "code");

-- CreateIndex
CREATE INDEX "CodePoolFile_shopDomain_poolId_idx" ON "CodePoolFile"("shopDomain", "poolId");

-- CreateIndex
CREATE UNIQUE INDEX "PoolCode_redemptionId_key" ON "PoolCode"("redemptionId");

-- CreateIndex
CREATE INDEX "PoolCode_shopDomain_poolId_redemptionId_idx" ON "PoolCode"("shopDomain", "poolId", "redemptionId");

-- CreateIndex
CREATE INDEX "PoolCode_fileId_redemptionId_idx" ON "PoolCode"("fileId", "redemptionId");

-- CreateIndex
CREATE UNIQUE INDEX "PoolCode_shopDomain_code_key" ON "PoolCode"("shopDomain", "code");

-- CreateIndex
CREATE INDEX "RedemptionAttempt_memberId_at_idx" ON "RedemptionAttempt"("memberId", "at");

