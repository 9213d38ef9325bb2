import { describe, expect, it } from "vitest";

import { deriveCode, signWithSecret } from "~/services/redemption-code.server";

describe("deriveCode at the edge (node:crypto)", () => {
  // Computed by the hand-written SHA-256/HMAC the pure core carried before node:crypto was injected:
  // codes already stored and minted must come out the same for the same redemption.
  it.each([
    ["red_1", "LOYAL", "test-api-secret", "discount", "LOYAL-LFST-WEFK-YLM6"],
    ["red_1", "", "test-api-secret", "discount", "LFST-WEFK-YLM6"],
    ["red_1", "LOYAL", "test-api-secret", "gift_card", "LOYALLFSTWEFKYLM6"],
    [
      "cm4x9q2ab0001redemption",
      "VIP",
      "shpss_0123456789abcdef",
      "discount",
      "VIP-9N6P-9BZ5-AMDK",
    ],
    [
      "cm4x9q2ab0001redemption",
      "ABCDEFGH",
      "shpss_0123456789abcdef",
      "gift_card",
      "ABCDEFGH9N6P9BZ5AMDK",
    ],
    [
      "rédemption-é✓",
      "",
      "a-secret-longer-than-one-sha256-block-of-sixty-four-bytes-xxxxxxxxxxxxxxxxxxxx",
      "discount",
      "K6N7-QRA8-XAGA",
    ],
  ] as const)(
    "%s with prefix %j gives the code it always gave",
    (redemptionId, prefix, secret, format, code) => {
      expect(deriveCode({ redemptionId, prefix, secret, format })).toBe(code);
    },
  );

  it("signs with HMAC-SHA-256 (RFC 4231, test case 2)", () => {
    expect(
      Buffer.from(
        signWithSecret("Jefe")("what do ya want for nothing?"),
      ).toString("hex"),
    ).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("refuses to derive without a secret", () => {
    expect(() =>
      deriveCode({
        redemptionId: "red_1",
        prefix: "",
        secret: "",
        format: "discount",
      }),
    ).toThrow(/secret/);
  });
});
