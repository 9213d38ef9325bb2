-- Data minimisation (protected customer data): an order placed by a customer no longer keeps the
-- buyer's email; only guest orders need it, to be claimed by a verified account later.
UPDATE "OrderRecord" SET "email" = NULL WHERE "customerId" IS NOT NULL;
