import { describe, expect, it } from "vitest";

import {
  importSourceId,
  planImportRow,
  readBalanceImportCsv,
} from "~/loyalty/balance-import";

describe("readBalanceImportCsv", () => {
  it("reads our format, with each bad row at its line (blank lines and a BOM counted as the file has them)", () => {
    const result = readBalanceImportCsv(
      "\uFEFFcustomer_id,email,points,birthday,tier\r\n" +
        "gid://shopify/Customer/12,,1 500,1990-02-29,Gold\r\n" +
        "\r\n" +
        ",Ada@Example.com,20.0,04-31,\r\n" +
        ",ada@example.com,-5,,\r\n" +
        "abc,,5,,\r\n" +
        ",not-an-email,5,,\r\n" +
        ",,5,,\r\n" +
        ",bob@example.com,1,500,\r\n" +
        "12,,7,,\r\n",
    );
    expect(result).toMatchObject({ ok: true, format: "ours" });
    if (!result.ok) throw new Error("unreadable");
    expect(result.rows).toEqual([
      {
        line: 2,
        customerId: "12",
        email: null,
        points: 1500,
        birthday: { month: 2, day: 29 },
        tier: "Gold",
      },
    ]);
    expect(result.errors).toEqual([
      { line: 4, reason: "bad_birthday", value: "04-31" },
      { line: 5, reason: "bad_points", value: "-5" },
      { line: 6, reason: "bad_customer_id", value: "abc" },
      { line: 7, reason: "bad_email", value: "not-an-email" },
      { line: 8, reason: "missing_customer", value: "" },
      // "1,500" in a comma file is two cells: the points cell says "1", the birthday "500".
      { line: 9, reason: "bad_birthday", value: "500" },
      { line: 10, reason: "duplicate_customer", value: "12", firstLine: 2 },
    ]);
  });

  it("recognises Smile.io and LoyaltyLion exports, semicolons included", () => {
    expect(
      readBalanceImportCsv(
        "First name,Email,Points balance,VIP tier\nAda,ada@example.com,10,Silver\n",
      ),
    ).toMatchObject({
      ok: true,
      format: "smile",
      rows: [{ email: "ada@example.com", points: 10, tier: "Silver" }],
    });
    expect(
      readBalanceImportCsv(
        "Merchant ID;Email;Points approved;Points pending\n77;ada@example.com;30;15\n",
      ),
    ).toMatchObject({
      ok: true,
      format: "loyaltylion",
      rows: [{ customerId: "77", points: 30 }],
    });
    // Smile's own import template.
    expect(
      readBalanceImportCsv("email,points\nada@example.com,3\n"),
    ).toMatchObject({
      ok: true,
      rows: [{ email: "ada@example.com", points: 3 }],
    });
  });

  it("reads LoyaltyLion's snake-case CSV (its export template) and its API's JSON Lines export", () => {
    expect(
      readBalanceImportCsv(
        "merchant_id,email,points_approved,points_pending,points_spent\n" +
          "1001,alice@example.com,500,200,500\n",
      ),
    ).toMatchObject({
      ok: true,
      format: "loyaltylion",
      rows: [{ customerId: "1001", email: "alice@example.com", points: 500 }],
    });
    // One customer per line in the shape of LoyaltyLion's List Customers; pending points are not
    // a balance yet, the birthday is {day, month}, the tier is an id (nothing to match by name).
    const result = readBalanceImportCsv(
      JSON.stringify({
        id: 1,
        merchant_id: "1001",
        email: "Alice@Example.com",
        points_approved: 500,
        points_pending: 200,
        points_spent: 500,
        birthday: { day: 22, month: 6 },
        tier_membership: { tier_id: 1 },
      }) +
        "\n\n" +
        JSON.stringify({ merchant_id: "1002", points_approved: -3 }) +
        "\n",
    );
    expect(result).toMatchObject({
      ok: true,
      format: "loyaltylion",
      rows: [
        {
          line: 1,
          customerId: "1001",
          email: "alice@example.com",
          points: 500,
          birthday: { month: 6, day: 22 },
          tier: null,
        },
      ],
      errors: [{ line: 3, reason: "bad_points", value: "-3" }],
    });
    expect(readBalanceImportCsv('{"merchant_id": "1"}\n{oops\n')).toEqual({
      ok: false,
      reason: "unreadable",
      line: 2,
    });
  });

  it("refuses a file it cannot use, saying why", () => {
    expect(readBalanceImportCsv(" \n")).toEqual({ ok: false, reason: "empty" });
    expect(readBalanceImportCsv("email,amount\na@b.co,1")).toEqual({
      ok: false,
      reason: "no_points_column",
    });
    expect(readBalanceImportCsv("name,points\nAda,1")).toEqual({
      ok: false,
      reason: "no_customer_column",
    });
    expect(readBalanceImportCsv('email,points\n"a@b.co,1\n')).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
  });
});

describe("planImportRow", () => {
  it("posts the difference to the file's balance; a fresh member gets it whole", () => {
    expect(planImportRow(250, { balance: 40 })).toEqual({
      outcome: "balance_change",
      before: 40,
      after: 250,
      points: 210,
    });
    expect(planImportRow(10, { balance: 40 })).toMatchObject({ points: -30 });
    expect(planImportRow(40, { balance: 40 })).toMatchObject({
      outcome: "unchanged",
      points: 0,
    });
    expect(planImportRow(75, null)).toEqual({
      outcome: "new_member",
      before: 0,
      after: 75,
      points: 75,
    });
  });

  it("keys an entry by file and line", () => {
    expect(importSourceId("abc", 7)).toBe("abc/7");
  });
});
