import { describe, expect, it } from "vitest";

import { formatRewardValue } from "~/emails/variables";

/** Intl's spaces (no-break, narrow no-break) as plain spaces, to compare with readable text. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatRewardValue", () => {
  it("says what a reward is worth in the email's language and the shop's currency", () => {
    const amount = { kind: "amount_off", amount: 5_000 } as const;
    expect(plain(formatRewardValue("fr", "EUR", amount))).toBe("5,00 €");
    expect(formatRewardValue("en", "EUR", amount)).toBe("€5.00");
    expect(formatRewardValue("de", "EUR", amount)).toMatch(/^5,00\s€$/u);
    const percent = { kind: "percentage_off", percentage: 10 } as const;
    expect(plain(formatRewardValue("fr", "EUR", percent))).toBe("10 %");
    expect(formatRewardValue("en", "EUR", percent)).toBe("10%");
    expect(formatRewardValue("fr", "EUR", { kind: "free_shipping" })).toBe(
      "Livraison offerte",
    );
    expect(formatRewardValue("en", "EUR", { kind: "free_shipping" })).toBe(
      "Free shipping",
    );
    expect(
      plain(
        formatRewardValue("fr", "EUR", {
          kind: "buy_x_get_y",
          quantity: 2,
          percentage: 100,
        }),
      ),
    ).toBe("2 articles offerts");
    expect(
      plain(
        formatRewardValue("fr", "CAD", { kind: "gift_card", amount: 25_000 }),
      ),
    ).toBe("Une carte cadeau de 25,00 $CA");
  });

  it("is empty for a value it cannot state", () => {
    expect(formatRewardValue("fr", "EUR", null)).toBe("");
    expect(
      formatRewardValue("fr", undefined, { kind: "amount_off", amount: 1 }),
    ).toBe("");
  });
});
