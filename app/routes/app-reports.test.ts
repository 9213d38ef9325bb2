import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { loader as homeLoader } from "~/routes/app._index";
import { loader as memberExportLoader } from "~/routes/app.members.$memberId_.export";
import { loader as reportsLoader } from "~/routes/app.reports._index";
import { loader as exportLoader } from "~/routes/app.reports.export";
import {
  adminRequest,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedMember, seedShop } from "~/../test/browser/seed-admin";
import { parseCsv } from "~/../test/spreadsheets";

// The Reports page, its exports and the home figures through the real authenticate.admin.
const SHOP = "reports-loader.myshopify.com";
const OTHER_SHOP = "other-reports.myshopify.com";
const APP = "http://localhost:3999";
const DAY = 24 * 60 * 60 * 1000;
// The loaders read the system clock (routes are the app's edge): the seed is dated from it too.
// eslint-disable-next-line no-restricted-properties
const ago = (days: number) => new Date(Date.now() - days * DAY);

let claraId = "";
let otherMemberId = "";

beforeAll(async () => {
  await seedShop(prisma, SHOP, {
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
  });
  await storeOfflineSession(prisma, SHOP);
  claraId = await seedMember(prisma, SHOP, {
    customerId: "801",
    firstName: "Clara",
    lastName: "Dupont",
    email: "clara@example.com",
    joinedAt: ago(120),
    entries: [
      { kind: "order_award", points: 500, at: ago(100) },
      { kind: "redemption", points: -200, at: ago(5) },
      { kind: "expiry", points: -100, at: ago(2) },
    ],
  });
  await seedMember(prisma, SHOP, {
    customerId: "802",
    firstName: "Denis",
    email: "denis@example.com",
    joinedAt: ago(20),
    entries: [{ kind: "earning_award", points: 50, at: ago(1) }],
  });
  await seedShop(prisma, OTHER_SHOP);
  otherMemberId = await seedMember(prisma, OTHER_SHOP, {
    customerId: "901",
    joinedAt: ago(3),
    entries: [{ kind: "order_award", points: 10, at: ago(1) }],
  });
  // A fixed-amount reward: 100 points for 5.00 €.
  await prisma.reward.create({
    data: {
      shopDomain: SHOP,
      type: "fixed_amount_off",
      name: JSON.stringify({ en: "5 € off" }),
      config: JSON.stringify({
        type: "fixed_amount_off",
        pointsCost: 100,
        amount: 5_000,
      }),
      pointsCost: 100,
    },
  });
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

describe("reports loader", () => {
  it("lists this shop's entries for the filter, with totals", async () => {
    const data = await reportsLoader(
      args(
        await adminRequest(
          `${APP}/app/reports?q=clara&kind=redeemed,expired`,
          SHOP,
        ),
      ),
    );
    expect(data.rows.map((row) => [row.kind, row.points])).toEqual([
      ["expiry", -100],
      ["redemption", -200],
    ]);
    expect(data.totals).toEqual({
      issued: 0,
      spent: 200,
      expired: 100,
      net: -300,
      entries: 2,
    });
    const all = await reportsLoader(
      args(await adminRequest(`${APP}/app/reports`, SHOP)),
    );
    expect(all.rows).toHaveLength(4);
    expect(all.rows.every((row) => row.member.id !== otherMemberId)).toBe(true);
  });
});

describe("export loaders", () => {
  it("streams the filtered report as CSV with the admin's language", async () => {
    const response = await exportLoader(
      args(
        await adminRequest(
          `${APP}/app/reports/export?format=csv&locale=fr&kind=earned`,
          SHOP,
        ),
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(
      "text/csv; charset=utf-8",
    );
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="rapport-points.csv"',
    );
    const [header, ...rows] = parseCsv(await response.text());
    expect(header[1]).toBe("Client");
    expect(rows.map((row) => [row[1], row[7]])).toEqual([
      ["Denis", "50"],
      ["Clara Dupont", "500"],
    ]);
  });

  it("exports one member's history as .xlsx, and nobody else's", async () => {
    const response = await memberExportLoader(
      args(
        await adminRequest(
          `${APP}/app/members/${claraId}/export?format=xlsx&locale=en`,
          SHOP,
        ),
        { memberId: claraId },
      ),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(8).value).toBe(-100);

    const foreign = await memberExportLoader(
      args(
        await adminRequest(
          `${APP}/app/members/${otherMemberId}/export?format=csv`,
          SHOP,
        ),
        { memberId: otherMemberId },
      ),
    ).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(foreign).toBeInstanceOf(Response);
    expect((foreign as Response).status).toBe(404);
  });

  it("refuses an unknown format with a 400", async () => {
    const response = await exportLoader(
      args(await adminRequest(`${APP}/app/reports/export?format=pdf`, SHOP)),
    );
    expect(response.status).toBe(400);
  });
});

describe("home figures", () => {
  it("sums the period, values outstanding points at the best reward rate and counts active members", async () => {
    const home = await homeLoader(
      args(await adminRequest(`${APP}/app?period=7d`, SHOP)),
    );
    expect(home.figures).toMatchObject({
      period: "7d",
      members: 2,
      activeMembers: 2,
      outstanding: 250,
      issued: 50,
      redeemed: 200,
      expired: 100,
      redemptionRate: 4,
      pointsOwed: 0,
      ordersWithLoyaltyCode: 0,
      // 250 points at 100 points for 5.00 €: 12.50 €.
      liability: {
        amount: 12_500,
        rate: { points: 100, amount: 5_000 },
        currencyCode: "EUR",
      },
    });
    expect(home.figures.chart).toHaveLength(7);
    expect(
      home.figures.chart.reduce((sum, bucket) => sum + bucket.issued, 0),
    ).toBe(50);
    const year = await homeLoader(
      args(await adminRequest(`${APP}/app?period=nonsense`, SHOP)),
    );
    expect(year.figures.period).toBe("30d");
  });
});
