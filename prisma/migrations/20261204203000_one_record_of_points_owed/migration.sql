-- AlterTable
ALTER TABLE "ReversalShortfall" ADD COLUMN "awardEntryId" TEXT;

-- Data (ADR 0028): every trace learns its order's award entry; an order whose current debt the
-- dropped table knew differently from its newest trace (none expected) gets one more trace row
-- saying it (nothing wanted, nothing taken: not a clamped reversal, only the figure owed now).
UPDATE "ReversalShortfall" SET "awardEntryId" = (
  SELECT o."awardEntryId" FROM "OrderPointsOwed" o
  WHERE o."shopDomain" = "ReversalShortfall"."shopDomain" AND o."orderId" = "ReversalShortfall"."orderId");
UPDATE "ReversalShortfall" SET "awardEntryId" = (
  SELECT e."correctsEntryId" FROM "LedgerEntry" e WHERE e."id" = "ReversalShortfall"."ledgerEntryId")
WHERE "awardEntryId" IS NULL;
INSERT INTO "ReversalShortfall" ("shopDomain", "memberId", "orderId", "kind", "sourceId", "ledgerEntryId",
  "awardEntryId", "wantedPoints", "takenPoints", "owedAfter", "idempotencyKey", "createdAt")
SELECT o."shopDomain", o."memberId", o."orderId", 'refund_reversal', o."orderId", NULL,
  o."awardEntryId", 0, 0, o."pointsOwed", o."shopDomain" || '/migrated-owed/' || o."orderId", o."updatedAt"
FROM "OrderPointsOwed" o
WHERE EXISTS (SELECT 1 FROM "Member" m WHERE m."id" = o."memberId")
  AND o."pointsOwed" <> COALESCE((SELECT r."owedAfter" FROM "ReversalShortfall" r
    WHERE r."shopDomain" = o."shopDomain" AND r."orderId" = o."orderId" ORDER BY r."id" DESC LIMIT 1), 0);

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "OrderPointsOwed";
PRAGMA foreign_keys=on;

-- CreateIndex
CREATE INDEX "ReversalShortfall_awardEntryId_id_idx" ON "ReversalShortfall"("awardEntryId", "id");

