import Database from "better-sqlite3";

/**
 * Seeds a large shop straight into a migrated SQLite file (the reports, exports and admin page
 * benchmarks): members with names and emails, and ledger entries of every report kind spread over
 * the last year, each member's `balanceAfter` chain and cached balance consistent. Dates are
 * written as the Prisma adapter writes them (ISO 8601 with "+00:00"), so the app's range and
 * keyset comparisons see the same text.
 */
export function seedLargeShop(
  file: string,
  options: { shop: string; members: number; entries: number; now: Date },
): { firstMemberId: string } {
  const { shop, members, entries, now } = options;
  const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    const at = iso(now);
    db.prepare(
      `INSERT INTO "Shop" ("domain", "name", "currencyCode", "ianaTimezone", "installedAt", "createdAt", "updatedAt") VALUES (?, 'Maison Bench', 'EUR', 'Europe/Paris', ?, ?, ?)`,
    ).run(shop, at, at, at);
    db.prepare(
      `INSERT INTO "Program" ("shopDomain", "createdAt", "updatedAt") VALUES (?, ?, ?)`,
    ).run(shop, at, at);
    const member = db.prepare(
      `INSERT INTO "Member" ("id", "shopDomain", "customerId", "email", "firstName", "lastName", "balance", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const entry = db.prepare(
      `INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey", "sourceType", "sourceId", "description", "createdAt", "effectiveAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const firstNames = ["Camille", "Jane", "Louis", "Ada", "Hugo", "Inès"];
    const lastNames = ["Martin", "Bernard", "Dubois", "Lovelace", "Petit"];
    const perMember = Math.ceil(entries / members);
    const yearMs = 365 * 24 * 60 * 60 * 1000;
    const start = now.getTime() - yearMs;
    let written = 0;
    db.transaction(() => {
      for (let m = 0; m < members; m++) {
        const id = `member-${String(m).padStart(6, "0")}`;
        const count = Math.min(perMember, entries - written);
        let balance = 0;
        const rows: unknown[][] = [];
        for (let e = 0; e < count; e++) {
          // Spread over the year, in order for this member.
          const time = new Date(
            start +
              Math.floor(((e + 0.5) / count) * yearMs) -
              (m % 3600) * 1000,
          );
          const cycle = e % 10;
          let kind = "order_award";
          let points = 20 + ((m + e) % 80);
          let sourceType = "order";
          let description: string | null = `#${1000 + e}`;
          if (cycle === 3 && balance >= 50) {
            kind = "redemption";
            points = -50;
            sourceType = "redemption";
            description = "5 € off";
          } else if (cycle === 6) {
            kind = "earning_award";
            points = 25;
            sourceType = "account";
            description = "Create an account";
          } else if (cycle === 8) {
            kind = "manual_adjustment";
            points = 10;
            sourceType = "adjustment";
            description = m % 50 === 0 ? '=HYPERLINK("x")' : "Goodwill";
          } else if (cycle === 9 && balance >= 15) {
            kind = "expiry";
            points = -15;
            sourceType = "expiry";
            description = null;
          }
          balance += points;
          const entryId = `e-${id}-${String(e).padStart(4, "0")}`;
          rows.push([
            entryId,
            shop,
            id,
            kind,
            points,
            balance,
            `${shop}/${sourceType}/${entryId}/${kind}`,
            sourceType,
            entryId,
            description,
            iso(time),
            iso(time),
          ]);
        }
        member.run(
          id,
          shop,
          String(700000 + m),
          `member${m}@example.com`,
          firstNames[m % firstNames.length],
          lastNames[m % lastNames.length],
          balance,
          iso(new Date(start - 1000)),
          at,
        );
        for (const row of rows) entry.run(...row);
        written += count;
      }
    })();
    return { firstMemberId: "member-000000" };
  } finally {
    db.close();
  }
}
