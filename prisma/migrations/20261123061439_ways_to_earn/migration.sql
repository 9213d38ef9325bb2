-- AlterTable
ALTER TABLE "Member" ADD COLUMN "birthdayDay" INTEGER;
ALTER TABLE "Member" ADD COLUMN "birthdayLastAwardedYear" INTEGER;
ALTER TABLE "Member" ADD COLUMN "birthdayMonth" INTEGER;
ALTER TABLE "Member" ADD COLUMN "birthdaySetAt" DATETIME;

-- CreateTable
CREATE TABLE "EarningRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EarningRule_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "multiplierHundredths" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "appliesTo" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RuleAward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "awardedAt" DATETIME NOT NULL,
    CONSTRAINT "RuleAward_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RuleAward_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PendingAward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "postAt" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PendingAward_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PendingAward_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContentSubmission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "message" TEXT,
    "points" INTEGER,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ContentSubmission_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContentSubmission_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShopApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShopApiKey_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiRequest_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EarningRule_shopDomain_type_idx" ON "EarningRule"("shopDomain", "type");

-- CreateIndex
CREATE INDEX "Campaign_shopDomain_endsAt_idx" ON "Campaign"("shopDomain", "endsAt");

-- CreateIndex
CREATE INDEX "RuleAward_ruleId_memberId_awardedAt_idx" ON "RuleAward"("ruleId", "memberId", "awardedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RuleAward_ruleId_sourceType_sourceId_key" ON "RuleAward"("ruleId", "sourceType", "sourceId");

-- CreateIndex
CREATE INDEX "PendingAward_state_postAt_idx" ON "PendingAward"("state", "postAt");

-- CreateIndex
CREATE INDEX "PendingAward_memberId_state_idx" ON "PendingAward"("memberId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "PendingAward_shopDomain_orderId_key" ON "PendingAward"("shopDomain", "orderId");

-- CreateIndex
CREATE INDEX "ContentSubmission_shopDomain_state_createdAt_idx" ON "ContentSubmission"("shopDomain", "state", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShopApiKey_keyHash_key" ON "ShopApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ShopApiKey_shopDomain_idx" ON "ShopApiKey"("shopDomain");

-- CreateIndex
CREATE UNIQUE INDEX "ApiRequest_shopDomain_endpoint_idempotencyKey_key" ON "ApiRequest"("shopDomain", "endpoint", "idempotencyKey");


-- The default program's rate becomes the default "place an order" rule (same points as before:
-- merchandise after discounts, no shipping, taxes or gift cards, rounded down, when paid).
INSERT INTO "EarningRule" ("id", "shopDomain", "type", "config", "active", "position", "createdAt", "updatedAt")
SELECT 'rule' || lower(hex(randomblob(10))), p."shopDomain", 'place_order',
  '{"type":"place_order","name":"Place an order","enabled":true,"limits":[],"earnPoints":' || p."earnPoints" ||
  ',"earnPerAmount":' || p."earnPerAmount" ||
  ',"rounding":"down","exclusions":{"productIds":[],"collectionIds":[],"productTags":[]},"earnOnShipping":false,"earnOnTaxes":false,"earnBeforeDiscounts":false,"earnOnGiftCards":false,"minimumSubtotal":null,"bonuses":[],"timing":{"when":"paid"}}',
  true, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "Program" p;
