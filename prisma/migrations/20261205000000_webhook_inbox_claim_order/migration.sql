-- The inbox claim walks due webhooks in this index's order and stops at its LIMIT: without
-- "receivedAt" and "id" in it, every claim sorted the whole backlog (ADR 0029).
DROP INDEX "WebhookInbox_status_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "WebhookInbox_status_nextAttemptAt_receivedAt_id_idx" ON "WebhookInbox"("status", "nextAttemptAt", "receivedAt", "id");
