-- CreateTable
CREATE TABLE "WebhookAttention" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "orderId" TEXT,
    "problem" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    CONSTRAINT "WebhookAttention_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WebhookAttention_shopDomain_status_createdAt_idx" ON "WebhookAttention"("shopDomain", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookAttention_shopDomain_topic_eventId_key" ON "WebhookAttention"("shopDomain", "topic", "eventId");

