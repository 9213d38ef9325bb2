-- CreateTable
CREATE TABLE "OrderPointsOwed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "awardEntryId" TEXT NOT NULL,
    "pointsOwed" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderPointsOwed_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoyaltyCodeOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "redemptionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "subtotalMillis" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "paidAt" DATETIME NOT NULL,
    CONSTRAINT "LoyaltyCodeOrder_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrderPointsOwed_awardEntryId_idx" ON "OrderPointsOwed"("awardEntryId");

-- CreateIndex
CREATE INDEX "OrderPointsOwed_shopDomain_pointsOwed_idx" ON "OrderPointsOwed"("shopDomain", "pointsOwed");

-- CreateIndex
CREATE UNIQUE INDEX "OrderPointsOwed_shopDomain_orderId_key" ON "OrderPointsOwed"("shopDomain", "orderId");

-- CreateIndex
CREATE INDEX "LoyaltyCodeOrder_shopDomain_paidAt_idx" ON "LoyaltyCodeOrder"("shopDomain", "paidAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyCodeOrder_shopDomain_orderId_key" ON "LoyaltyCodeOrder"("shopDomain", "orderId");

-- CreateIndex
CREATE INDEX "LedgerEntry_shopDomain_createdAt_kind_points_memberId_idx" ON "LedgerEntry"("shopDomain", "createdAt", "kind", "points", "memberId");

