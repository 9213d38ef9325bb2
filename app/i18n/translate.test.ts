import { describe, expect, it } from "vitest";

import type { Message } from "~/i18n/messages/types";
import { en } from "~/i18n/messages/en";
import { fr } from "~/i18n/messages/fr";
import {
  createTranslator,
  formatCurrency,
  formatNumber,
  formatSignedNumber,
  t,
} from "~/i18n/translate";

const NNBSP = "\u202f"; // narrow no-break space: the French thousands separator
const NBSP = "\u00a0";

function placeholders(message: Message): string[] {
  const texts =
    typeof message === "string"
      ? [message]
      : Object.values(message).filter(Boolean);
  return [
    ...new Set(
      texts.flatMap((text) =>
        [...(text as string).matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      ),
    ),
  ].sort();
}

describe("the dictionaries", () => {
  it("French has exactly the English keys", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("every message has the same shape and placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english: Message = en[key];
      const french: Message = fr[key];
      expect(typeof french, key).toBe(typeof english);
      expect(placeholders(french), key).toEqual(placeholders(english));
      if (typeof english !== "string" && typeof french !== "string") {
        for (const forms of [english, french]) {
          expect(forms.one, key).toBeTruthy();
          expect(forms.other, key).toBeTruthy();
        }
      }
    }
  });

  it("no message is empty or left untranslated", () => {
    // Words that are the same in both languages.
    const sameInBothLanguages = new Set([
      "points",
      "activity.column.points",
      "activity.column.date",
      "shopper.earn.rateShort",
      // "Variables" is French too.
      "emails.variables",
    ]);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(JSON.stringify(fr[key]), key).not.toMatch(/""/);
      if (!sameInBothLanguages.has(key))
        expect(fr[key], key).not.toEqual(en[key]);
    }
  });

  it("French uses typographic apostrophes", () => {
    for (const message of Object.values(fr))
      expect(JSON.stringify(message)).not.toContain("'");
  });
});

describe("t", () => {
  it("replaces placeholders", () => {
    expect(t("en", "member.customerFallback", { id: "42" })).toBe(
      "Customer #42",
    );
    expect(t("fr", "member.customerFallback", { id: "42" })).toBe(
      `Client n°${NBSP}42`,
    );
    expect(t("fr", "pagination.label", { page: 2, pages: 3 })).toBe(
      "Page 2 sur 3",
    );
  });

  it("formats numeric parameters for the language", () => {
    expect(t("en", "pagination.label", { page: 1, pages: 1200 })).toBe(
      "Page 1 of 1,200",
    );
    expect(t("fr", "pagination.label", { page: 1, pages: 1200 })).toBe(
      `Page 1 sur 1${NNBSP}200`,
    );
  });

  it("leaves a missing parameter visible rather than inventing a value", () => {
    expect(t("en", "member.customerFallback")).toBe("Customer #{id}");
  });

  it("chooses the plural form by count, in each language's rules", () => {
    expect(t("en", "points", { count: 1 })).toBe("1 point");
    expect(t("en", "points", { count: 12 })).toBe("12 points");
    expect(t("en", "points", { count: 0 })).toBe("0 points");
    expect(t("fr", "points", { count: 1 })).toBe("1 point");
    expect(t("fr", "points", { count: 12 })).toBe("12 points");
    // French treats 0 as singular.
    expect(t("fr", "points", { count: 0 })).toBe("0 point");
    expect(t("fr", "members.count", { count: 1234 })).toBe(
      `1${NNBSP}234 membres`,
    );
  });

  it("falls back to the `other` form for a category a message does not spell out", () => {
    // 1 000 000 is in French's `many` category.
    expect(new Intl.PluralRules("fr").select(1_000_000)).toBe("many");
    expect(t("fr", "points", { count: 1_000_000 })).toBe(
      `1${NNBSP}000${NNBSP}000 points`,
    );
  });
});

describe("formatting", () => {
  it("groups thousands the way each language does", () => {
    expect(formatNumber("en", 1234)).toBe("1,234");
    expect(formatNumber("fr", 1234)).toBe(`1${NNBSP}234`);
  });

  it("signs ledger movements, leaving zero unsigned", () => {
    expect(formatSignedNumber("en", 120)).toBe("+120");
    expect(formatSignedNumber("en", -40)).toMatch(/^[-\u2212]40$/);
    expect(formatSignedNumber("en", 0)).toBe("0");
    expect(formatSignedNumber("fr", 1500)).toBe(`+1${NNBSP}500`);
  });

  it("formats the shop currency", () => {
    expect(formatCurrency("en", 1, "USD")).toBe("$1.00");
    expect(formatCurrency("fr", 1, "EUR")).toBe(`1,00${NBSP}€`);
  });

  it("shows dates in the shop's time zone, not the server's", () => {
    // 02:00 UTC on 1 March is still 28 February in New York.
    const instant = "2026-03-01T02:00:00.000Z";
    expect(createTranslator("en", "America/New_York").formatDate(instant)).toBe(
      "Feb 28, 2026",
    );
    expect(createTranslator("fr", "America/New_York").formatDate(instant)).toBe(
      "28 févr. 2026",
    );
    expect(createTranslator("fr", "UTC").formatDate(instant)).toBe(
      "1 mars 2026",
    );
    expect(createTranslator("en", "UTC").formatDateTime(instant)).toBe(
      "Mar 1, 2026, 2:00 AM",
    );
    expect(createTranslator("fr", "UTC").formatDateTime(instant)).toBe(
      "1 mars 2026, 02:00",
    );
  });

  it("the translator speaks one language throughout", () => {
    const french = createTranslator("fr");
    expect(french.formatPoints(2500)).toBe(`2${NNBSP}500 points`);
    expect(french.t("home.stats.pointsOutstanding")).toBe(
      "Points en circulation",
    );
    expect(french.formatNumber(1234)).toBe(`1${NNBSP}234`);
  });
});
