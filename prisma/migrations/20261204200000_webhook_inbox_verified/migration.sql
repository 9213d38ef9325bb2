-- ADR 0022: webhooks verified once at the door, dispatched by topic, claimed with a lease.
ALTER TABLE "WebhookInbox" ADD COLUMN "format" TEXT NOT NULL DEFAULT 'replay';
ALTER TABLE "WebhookInbox" ADD COLUMN "apiVersion" TEXT NOT NULL DEFAULT '';
ALTER TABLE "WebhookInbox" ADD COLUMN "triggeredAt" TEXT;
ALTER TABLE "WebhookInbox" ADD COLUMN "orderingKey" TEXT;
ALTER TABLE "WebhookInbox" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "WebhookInbox" ADD COLUMN "leaseUntil" DATETIME;

-- CreateIndex
CREATE INDEX "WebhookInbox_shopDomain_orderingKey_status_idx" ON "WebhookInbox"("shopDomain", "orderingKey", "status");
