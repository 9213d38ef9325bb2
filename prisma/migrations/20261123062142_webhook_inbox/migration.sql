-- CreateTable
CREATE TABLE "WebhookInbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "processedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "WebhookInbox_status_nextAttemptAt_idx" ON "WebhookInbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookInbox_shopDomain_idx" ON "WebhookInbox"("shopDomain");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookInbox_shopDomain_topic_eventId_key" ON "WebhookInbox"("shopDomain", "topic", "eventId");

