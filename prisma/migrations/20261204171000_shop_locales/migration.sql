-- The shop's languages from the Admin API's shopLocales (issue 9). Added columns, not a table
-- rebuild: SQLite adds a NOT NULL column with a constant default in place.
ALTER TABLE "Shop" ADD COLUMN "primaryLocale" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Shop" ADD COLUMN "publishedLocales" TEXT NOT NULL DEFAULT '[]';
