import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { getReportTotals, listReportRows } from "~/models/report.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  reversePointsForRefund,
} from "~/services/orders.server";
import { exportReport } from "~/services/report-export.server";
import { getHomeDashboard } from "~/services/home-dashboard.server";
import { dayRange } from "~/loyalty/report-period";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { parseCsv } from "test/spreadsheets";

const SHOP = "reports-test.myshopify.com";
const PARIS = "Europe/Paris";
const at = (iso: string) => new Date(iso);

async function seedMember(customerId: string, data: object = {}) {
  return prisma.member.create({
    data: { shopDomain: SHOP, customerId, ...data },
  });
}

async function post(
  memberId: string,
  kind: "manual_adjustment" | "redemption" | "expiry" | "earning_award",
  points: number,
  recordedAt: Date,
  description: string | null = null,
) {
  const result = await inTransaction((tx) =>
    postLedgerEntry(tx, {
      shopDomain: SHOP,
      memberId,
      kind,
      points,
      sourceType:
        kind === "manual_adjustment"
          ? "adjustment"
          : kind === "redemption"
            ? "redemption"
            : kind === "expiry"
              ? "expiry"
              : "account",
      sourceId: `${kind}-${recordedAt.getTime()}-${points}`,
      description,
      recordedAt,
    }),
  );
  expect(result.outcome).toBe("posted");
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
    chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

let ada: { id: string };
let bob: { id: string };

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP, FIXED_NOW);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { ianaTimezone: PARIS },
  });
  ada = await seedMember("101", {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
  });
  // A name a spreadsheet would run as a formula.
  bob = await seedMember("102", {
    firstName: '=HYPERLINK("http://evil.example","x")',
    lastName: "Bob",
    email: "@bob@example.com",
  });
  // 31 May 23:30 in Paris is still May; 1 June 00:30 in Paris is June.
  await post(
    ada.id,
    "manual_adjustment",
    100,
    at("2026-05-31T21:30:00Z"),
    "+welcome",
  );
  await post(
    ada.id,
    "manual_adjustment",
    50,
    at("2026-05-31T22:30:00Z"),
    "-1 bonus",
  );
  await post(ada.id, "redemption", -80, at("2026-06-10T08:00:00Z"));
  await post(bob.id, "earning_award", 40, at("2026-06-15T12:00:00Z"));
  await post(bob.id, "expiry", -40, at("2026-07-01T12:00:00Z"));
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the points report", () => {
  it("filters by date range in the shop's zone, kind and member, with totals summed by the database", async () => {
    const june = dayRange(
      { year: 2026, month: 6, day: 1 },
      { year: 2026, month: 6, day: 30 },
      PARIS,
    );
    const page = await listReportRows(SHOP, june, { size: 10 });
    expect(page.rows.map((row) => row.points)).toEqual([40, -80, 50]);
    expect(await getReportTotals(SHOP, june)).toEqual({
      issued: 90,
      spent: 80,
      expired: 0,
      net: 10,
      entries: 3,
    });

    const adjusted = await listReportRows(
      SHOP,
      { kinds: ["adjusted"] },
      { size: 10 },
    );
    expect(adjusted.rows.map((row) => row.points)).toEqual([50, 100]);

    const byName = await listReportRows(
      SHOP,
      { memberSearch: "lovelace ADA" },
      { size: 10 },
    );
    expect(new Set(byName.rows.map((row) => row.member.id))).toEqual(
      new Set([ada.id]),
    );
    const byEmail = await getReportTotals(SHOP, {
      memberSearch: "bob@example",
      kinds: ["expired", "earned"],
    });
    expect(byEmail).toMatchObject({
      issued: 40,
      expired: 40,
      net: 0,
      entries: 2,
    });
    // LIKE wildcards typed by the merchant are taken literally.
    expect((await getReportTotals(SHOP, { memberSearch: "%" })).entries).toBe(
      0,
    );
  });

  it("pages through newest first, forwards and back, without skipping or repeating", async () => {
    const first = await listReportRows(SHOP, {}, { size: 2 });
    expect(first).toMatchObject({ hasNext: true, hasPrevious: false });
    const last = first.rows[1];
    const second = await listReportRows(
      SHOP,
      {},
      { size: 2, after: { createdAt: last.createdAt, id: last.id } },
    );
    const third = await listReportRows(
      SHOP,
      {},
      {
        size: 2,
        after: { createdAt: second.rows[1].createdAt, id: second.rows[1].id },
      },
    );
    expect(third).toMatchObject({ hasNext: false, hasPrevious: true });
    expect(
      [...first.rows, ...second.rows, ...third.rows].map((r) => r.points),
    ).toEqual([-40, 40, -80, 50, 100]);
    const back = await listReportRows(
      SHOP,
      {},
      {
        size: 2,
        before: { createdAt: second.rows[0].createdAt, id: second.rows[0].id },
      },
    );
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.hasPrevious).toBe(false);
  });
});

describe("a refund after the points were spent", () => {
  it("shows the points still owed on the order's rows, in the owed filter and on the home page", async () => {
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "5001",
        customerId: "101",
        lines: [
          buildOrderLine({ lineId: "mug", quantity: 1, unitPrice: 100_000 }),
        ],
      }),
      { now: at("2026-06-19T08:00:00Z") },
    );
    // Ada spends everything she has.
    const balance = (
      await prisma.member.findUniqueOrThrow({ where: { id: ada.id } })
    ).balance;
    await post(ada.id, "redemption", -balance, at("2026-06-20T08:00:00Z"));
    const refund = await reversePointsForRefund(
      SHOP,
      buildRefundFacts({
        orderId: "5001",
        refundId: "r-5001",
        lines: [
          buildRefundLine({ lineId: "mug", quantity: 1, subtotal: 100_000 }),
        ],
      }),
      { now: at("2026-06-21T08:00:00Z") },
    );
    expect(refund).toMatchObject({ pointsReversed: 0, pointsOwed: 100 });

    const owed = await listReportRows(SHOP, { owedOnly: true }, { size: 10 });
    expect(owed.rows).toHaveLength(1);
    expect(owed.rows[0]).toMatchObject({
      kind: "order_award",
      orderName: "#5001",
      pointsOwed: 100,
    });
    const home = await getHomeDashboard(SHOP, "30d", FIXED_NOW);
    expect(home.pointsOwed).toBe(100);
  });
});

describe("exports", () => {
  it("writes a CSV in the admin's language, dates in the shop's zone, formulas neutralised and amounts as numbers", async () => {
    const file = exportReport({
      shopDomain: SHOP,
      filter: {},
      format: "csv",
      locale: "fr",
      timeZone: PARIS,
      name: "rapport",
      pageSize: 2,
    });
    expect(file.filename).toBe("rapport.csv");
    const text = (await readAll(file.body)).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "Date et heure (Europe/Paris)",
      "Client",
      "Adresse e-mail",
      "ID client",
      "Type",
      "Remarque",
      "Commande",
      "Mouvement",
      "Solde après",
      "Points encore dus",
    ]);
    expect(rows).toHaveLength(5);
    const [expiry, , , bonus, welcome] = rows;
    expect(expiry[0]).toBe("2026-07-01 14:00:00");
    expect(expiry[1]).toBe('\'=HYPERLINK("http://evil.example","x") Bob');
    expect(expiry[2]).toBe("'@bob@example.com");
    expect(expiry[4]).toBe("Expirés");
    expect(expiry[7]).toBe("-40");
    // 31 May 22:30 UTC is 1 June 00:30 in Paris.
    expect(bonus[0]).toBe("2026-06-01 00:30:00");
    expect(bonus[5]).toBe("'-1 bonus");
    expect(welcome[0]).toBe("2026-05-31 23:30:00");
    expect(welcome[5]).toBe("'+welcome");
    expect(welcome.slice(7)).toEqual(["100", "100", "0"]);
    // Numbers are written bare, never quoted or prefixed.
    expect(text).toMatch(/,-40,0,0\r?\n/);
  });

  it("writes an .xlsx that reads back with dates, numbers and neutralised text", async () => {
    const file = exportReport({
      shopDomain: SHOP,
      filter: { memberId: ada.id },
      format: "xlsx",
      locale: "en",
      timeZone: PARIS,
      name: "points-history",
      pageSize: 2,
    });
    const workbook = new ExcelJS.Workbook();
    const bytes = await readAll(file.body);
    // exceljs types its input as an ArrayBuffer-backed Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Points");
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "Date (Europe/Paris)",
      "Customer",
      "Email",
      "Customer ID",
      "Kind",
      "Note",
      "Order",
      "Points",
      "Balance after",
      "Points still owed",
    ]);
    expect(sheet.rowCount).toBe(4);
    const redemption = sheet.getRow(2);
    // The cell holds the shop's wall-clock time (a spreadsheet date has no zone).
    expect(redemption.getCell(1).value).toEqual(at("2026-06-10T10:00:00Z"));
    expect(redemption.getCell(1).numFmt).toBe("yyyy-mm-dd hh:mm:ss");
    expect(redemption.getCell(2).value).toBe("Ada Lovelace");
    expect(redemption.getCell(8).value).toBe(-80);
    expect(redemption.getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(4).getCell(6).value).toBe("'+welcome");
  });
});
