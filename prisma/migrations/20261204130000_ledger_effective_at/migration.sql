-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "effectiveAt" DATETIME;

-- CreateIndex
CREATE INDEX "LedgerEntry_memberId_effectiveAt_idx" ON "LedgerEntry"("memberId", "effectiveAt");


-- Entries recorded before this column counted when they were recorded. Ledger rows are immutable:
-- the guard is lifted for this one backfill and restored as it was (20261123000000_init).
DROP TRIGGER "LedgerEntry_immutable";

UPDATE "LedgerEntry" SET "effectiveAt" = "createdAt" WHERE "effectiveAt" IS NULL;

CREATE TRIGGER "LedgerEntry_immutable"
BEFORE UPDATE ON "LedgerEntry"
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are immutable');
END;
