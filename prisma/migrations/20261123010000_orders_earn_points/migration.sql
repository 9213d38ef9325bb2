-- AlterTable
ALTER TABLE "OrderRecord" ADD COLUMN "fulfilledAt" DATETIME;

-- CreateIndex
CREATE INDEX "LedgerEntry_correctsEntryId_idx" ON "LedgerEntry"("correctsEntryId");


-- Ledger rules the database enforces on its own, beside the code's checks (app/loyalty/README.md).
-- An entry always moves points: a zero entry is noise in a member's history.
CREATE TRIGGER "LedgerEntry_points_not_zero"
BEFORE INSERT ON "LedgerEntry"
WHEN NEW."points" = 0
BEGIN
    SELECT RAISE(ABORT, 'ledger entry points cannot be zero');
END;

-- The balance an entry leaves behind is never negative.
CREATE TRIGGER "LedgerEntry_balance_after_not_negative"
BEFORE INSERT ON "LedgerEntry"
WHEN NEW."balanceAfter" < 0
BEGIN
    SELECT RAISE(ABORT, 'ledger entry balanceAfter cannot be negative');
END;
