// The module under test stays pure; its test signs with node:crypto as the edge does.
// eslint-disable-next-line no-restricted-imports
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  DiscountCodePrefixSchema,
  codeFormatFor,
  deriveCode,
  redemptionCodeMessage,
} from "~/loyalty/discount-code";

const SECRET = "test-api-secret";

const hmacWith = (secret: string) => (message: string) =>
  new Uint8Array(createHmac("sha256", secret).update(message).digest());

describe("deriveCode", () => {
  const derive = (
    redemptionId: string,
    prefix = "LOYAL",
    format: "discount" | "gift_card" = "discount",
  ) => deriveCode({ redemptionId, prefix, sign: hmacWith(SECRET), format });

  it("gives the same code for the same redemption, so a retry finds the code instead of minting another", () => {
    expect(derive("red_1")).toBe(derive("red_1"));
    expect(derive("red_1")).not.toBe(derive("red_2"));
    expect(
      deriveCode({
        redemptionId: "red_1",
        prefix: "LOYAL",
        sign: hmacWith("other"),
        format: "discount",
      }),
    ).not.toBe(derive("red_1"));
  });

  it("is readable: prefix, then three groups of four symbols without 0, O, 1 or I", () => {
    const code = derive("red_1");
    expect(code).toMatch(
      /^LOYAL-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/,
    );
    expect(derive("red_1", "")).toBe(code.slice("LOYAL-".length));
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
  });

  it("fits Shopify's gift card rule (8 to 20 letters or digits) with any allowed prefix", () => {
    expect(derive("red_1", "", "gift_card")).toMatch(/^[A-Z0-9]{12}$/);
    expect(derive("red_1", "ABCDEFGH", "gift_card")).toMatch(
      /^ABCDEFGH[A-Z0-9]{12}$/,
    );
  });

  it("refuses a prefix the schema would not let through", () => {
    expect(() => derive("red_1", "LOY-AL")).toThrow(/prefix/);
    expect(DiscountCodePrefixSchema.parse(" vip ")).toBe("VIP");
    expect(DiscountCodePrefixSchema.safeParse("TOOLONGPREFIX").success).toBe(
      false,
    );
    expect(DiscountCodePrefixSchema.safeParse("VIP 2").success).toBe(false);
  });

  it("does not collide over 100,000 redemptions", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 100_000; i++)
      codes.add(derive(`cm${i.toString(36)}redemption`, ""));
    expect(codes.size).toBe(100_000);
  });

  it("property: every code uses only the readable alphabet", () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        expect(derive(id, "")).toMatch(
          new RegExp(`^[${CODE_ALPHABET}]{4}(-[${CODE_ALPHABET}]{4}){2}$`),
        );
      }),
    );
  });
});

describe("deriveCode's digest", () => {
  it("signs the redemption id under a versioned label, and reads the digest 5 bits at a time", () => {
    const signed: string[] = [];
    // The numbers 0 to 11 as 5-bit groups (60 bits); the bits after them are not read.
    const digest = Uint8Array.from([
      0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0xff,
    ]);
    const code = deriveCode({
      redemptionId: "r/1",
      prefix: "",
      format: "gift_card",
      sign: (message) => {
        signed.push(message);
        return digest;
      },
    });
    expect(signed).toEqual(["loyalty-redemption-code:v1:r/1"]);
    expect(redemptionCodeMessage("r/1")).toBe(signed[0]);
    expect(code).toBe(CODE_ALPHABET.slice(0, 12));
  });

  it("refuses a digest too short for 12 symbols", () => {
    expect(() =>
      deriveCode({
        redemptionId: "r1",
        prefix: "",
        format: "discount",
        sign: () => new Uint8Array(7),
      }),
    ).toThrow(/60 bits/);
  });

  it("says which shape a redemption's code takes", () => {
    expect(
      codeFormatFor({ benefit: { kind: "gift_card", amount: 5000 } } as never),
    ).toBe("gift_card");
    expect(
      codeFormatFor({
        benefit: { kind: "amount_off", amount: 5000 },
      } as never),
    ).toBe("discount");
  });
});
