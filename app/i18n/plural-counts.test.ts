import { describe, expect, it } from "vitest";

import { en } from "~/i18n/messages/en";
import { fr } from "~/i18n/messages/fr";
import { createTranslator } from "~/i18n/translate";

/**
 * Every count goes through plural rules (Intl.PluralRules via `{ one, other }` messages): a plain
 * string that puts a word after `{count}` would read "1 jours". A count shown alone, in
 * parentheses, needs no plural.
 */
const COUNT_BEFORE_A_WORD = /\{(count|days|months|orders|codes)\}\s+\p{L}/u;
// Shopify's fixed 60-day window: never one.
const ALWAYS_MANY = new Set(["scopes.allOrders.window"]);

describe("counts in the dictionaries", () => {
  it.each([
    ["en", en],
    ["fr", fr],
  ] as const)(
    "%s writes no count before a word outside plural forms",
    (_, dictionary) => {
      const plainCounts = Object.entries(dictionary).flatMap(
        ([key, message]) =>
          typeof message === "string" &&
          COUNT_BEFORE_A_WORD.test(message) &&
          !ALWAYS_MANY.has(key) &&
          !ALWAYS_MANY.has(key)
            ? [key]
            : [],
      );
      expect(plainCounts).toEqual([]);
    },
  );

  it("reads French counts with their plural forms", () => {
    const { t } = createTranslator("fr", "UTC");
    expect(t("settings.retroactive.orders", { count: 1 })).toBe("1 commande");
    expect(t("settings.retroactive.orders", { count: 2 })).toBe("2 commandes");
    expect(t("settings.retroactive.days", { count: 1 })).toBe("Dernier jour");
    expect(t("settings.retroactive.days", { count: 30 })).toBe(
      "30 derniers jours",
    );
    expect(t("codes.count.assigned", { count: 1 })).toBe(
      "1 attribué à un client",
    );
  });
});
