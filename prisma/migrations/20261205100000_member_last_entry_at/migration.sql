-- Each member's newest entry time. A new entry is recorded strictly after it, in the same
-- statement that moves the balance under the member's lock, so a member's history sorts in the
-- order the balance moved, whatever order side-by-side events read the clock in.
ALTER TABLE "Member" ADD COLUMN "lastEntryAt" DATETIME;

UPDATE "Member" SET "lastEntryAt" = (
  SELECT MAX(e."createdAt") FROM "LedgerEntry" e WHERE e."memberId" = "Member"."id"
);
