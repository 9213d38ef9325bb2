import { describe, expect, it } from "vitest";

import {
  RedemptionRequestSchema,
  redemptionRefusalMessage,
} from "~/proxy/redemption-request";

describe("the redemption request both shopper doors share", () => {
  it("names each refusal's message, and any other outcome as not available", () => {
    expect(redemptionRefusalMessage("limit_reached")).toBe(
      "reward_limit_reached",
    );
    expect(redemptionRefusalMessage("sold_out")).toBe("sold_out");
    expect(redemptionRefusalMessage("mint_failed")).toBe("not_available");
    // Not a key of the table, even if every object has it.
    expect(redemptionRefusalMessage("toString")).toBe("not_available");
  });

  it("takes a reward, an idempotency key of 8 to 100 characters and optional points", () => {
    expect(
      RedemptionRequestSchema.safeParse({
        rewardId: "r1",
        idempotencyKey: "12345678",
        points: 300,
      }).success,
    ).toBe(true);
    expect(
      RedemptionRequestSchema.safeParse({
        rewardId: "r1",
        idempotencyKey: "1234567",
      }).success,
    ).toBe(false);
    expect(
      RedemptionRequestSchema.safeParse({ idempotencyKey: "12345678" }).success,
    ).toBe(false);
  });
});
