-- A retroactive run cut short by Shopify resumes from its page cursor and fails after a few
-- passes instead of staying pending forever. Columns added in place (no table rebuild).
ALTER TABLE "RetroactiveRun" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "RetroactiveRun" ADD COLUMN "resumeCursor" TEXT;
