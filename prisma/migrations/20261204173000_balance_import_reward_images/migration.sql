-- CreateTable
CREATE TABLE "BalanceImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "appliedAt" DATETIME,
    CONSTRAINT "BalanceImport_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BalanceImportRow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "BalanceImportRow_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RewardImage" (
    "rewardId" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RewardImage_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BalanceImport_shopDomain_createdAt_idx" ON "BalanceImport"("shopDomain", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceImport_shopDomain_fileHash_key" ON "BalanceImport"("shopDomain", "fileHash");

-- CreateIndex
CREATE INDEX "BalanceImportRow_memberId_idx" ON "BalanceImportRow"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceImportRow_shopDomain_fileHash_line_key" ON "BalanceImportRow"("shopDomain", "fileHash", "line");

-- CreateIndex
CREATE INDEX "RewardImage_shopDomain_idx" ON "RewardImage"("shopDomain");

