-- CreateTable
CREATE TABLE "ReversalShortfall" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "ledgerEntryId" TEXT,
    "wantedPoints" INTEGER NOT NULL,
    "takenPoints" INTEGER NOT NULL,
    "owedAfter" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ReversalShortfall_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReversalShortfall_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReversalShortfall_idempotencyKey_key" ON "ReversalShortfall"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ReversalShortfall_memberId_id_idx" ON "ReversalShortfall"("memberId", "id");

-- CreateIndex
CREATE INDEX "ReversalShortfall_shopDomain_orderId_id_idx" ON "ReversalShortfall"("shopDomain", "orderId", "id");

-- CreateIndex
CREATE INDEX "ReversalShortfall_shopDomain_createdAt_idx" ON "ReversalShortfall"("shopDomain", "createdAt");

