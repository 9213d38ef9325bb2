-- CreateTable
CREATE TABLE "ProgramPage" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "bannerUrl" TEXT,
    "accentColor" TEXT NOT NULL DEFAULT '#1f4d3a',
    "accentText" TEXT NOT NULL DEFAULT '#ffffff',
    "headline" TEXT NOT NULL DEFAULT '{}',
    "intro" TEXT NOT NULL DEFAULT '{}',
    "earnHeading" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgramPage_shopDomain_fkey" FOREIGN KEY ("shopDomain") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

