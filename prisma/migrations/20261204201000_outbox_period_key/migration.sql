-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN "periodKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxJob_periodKey_key" ON "OutboxJob"("periodKey");

