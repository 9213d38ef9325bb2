-- CreateTable
CREATE TABLE "ProgramIdentity" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "pointsNames" TEXT NOT NULL DEFAULT '{}',
    "pointsIcon" TEXT NOT NULL DEFAULT 'star',
    "comingSoonText" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgramIdentity_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgramIcon" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "contentType" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgramIcon_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "memberId" TEXT,
    "ledgerEntryId" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "AuditEvent_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditEvent_shopDomain_createdAt_idx" ON "AuditEvent"("shopDomain", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_shopDomain_action_createdAt_idx" ON "AuditEvent"("shopDomain", "action", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_memberId_idx" ON "AuditEvent"("memberId");

-- CreateIndex
CREATE INDEX "AuditEvent_ledgerEntryId_idx" ON "AuditEvent"("ledgerEntryId");

