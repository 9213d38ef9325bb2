import type { PrismaClient } from "@prisma/client";

/**
 * Seeds what the admin pages read, straight into the database: a shop, its program and members
 * with ledger entries whose running balance matches the cached `Member.balance`, as the ledger
 * service would have left them. Shared by the loader tests and the browser test.
 */

export interface SeedEntry {
  kind: string;
  points: number;
  at: Date;
}

export interface SeedMember {
  customerId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  joinedAt: Date;
  redactedAt?: Date;
  entries?: SeedEntry[];
}

export async function seedShop(
  db: PrismaClient,
  domain: string,
  options: {
    program?: { active: boolean } | null;
    currencyCode?: string;
    ianaTimezone?: string;
  } = {},
): Promise<void> {
  await db.shop.create({
    data: {
      domain,
      name: domain.replace(".myshopify.com", ""),
      currencyCode: options.currencyCode ?? "USD",
      ianaTimezone: options.ianaTimezone ?? "UTC",
    },
  });
  const program =
    options.program === undefined ? { active: true } : options.program;
  if (program)
    await db.program.create({
      data: { shopDomain: domain, active: program.active },
    });
}

/** Creates the member and their entries in time order; returns the member id. */
export async function seedMember(
  db: PrismaClient,
  shopDomain: string,
  member: SeedMember,
): Promise<string> {
  const entries = [...(member.entries ?? [])].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  const balance = entries.reduce((sum, entry) => sum + entry.points, 0);
  const created = await db.member.create({
    data: {
      shopDomain,
      customerId: member.customerId,
      firstName: member.firstName ?? null,
      lastName: member.lastName ?? null,
      email: member.email ?? null,
      balance,
      createdAt: member.joinedAt,
      redactedAt: member.redactedAt ?? null,
    },
  });
  let running = 0;
  for (const [index, entry] of entries.entries()) {
    running += entry.points;
    await db.ledgerEntry.create({
      data: {
        shopDomain,
        memberId: created.id,
        kind: entry.kind,
        points: entry.points,
        balanceAfter: running,
        idempotencyKey: `${shopDomain}:seed:${member.customerId}:${index}:${entry.kind}`,
        sourceType: "seed",
        sourceId: `${member.customerId}-${index}`,
        createdAt: entry.at,
        effectiveAt: entry.at,
      },
    });
  }
  return created.id;
}
