import { describe, expect, it } from "vitest";

import { textIn, tierNameIn } from "~/loyalty/localized-text";

describe("textIn", () => {
  const names = { en: "Gold", fr: "Or" };

  it("gives the reader's language, a regional locale included", () => {
    expect(textIn(names, "fr", "en")).toBe("Or");
    expect(textIn(names, "fr-CA", "en")).toBe("Or");
    expect(textIn(names, "en-GB", "fr")).toBe("Gold");
  });

  it("falls back to the shop's primary language, then English, then anything typed", () => {
    expect(textIn(names, "de", "fr")).toBe("Or");
    expect(textIn(names, "de", "ja")).toBe("Gold");
    expect(textIn({ es: "Oro" }, "fr", "fr")).toBe("Oro");
    expect(textIn({ fr: "  ", en: "Gold" }, "fr", "fr")).toBe("Gold");
    expect(textIn({}, "fr", "fr")).toBe("");
  });
});

describe("tierNameIn", () => {
  it("shows a tier typed only in French to an English reader in French (the shop's primary language)", () => {
    expect(tierNameIn({ nameEn: "", nameFr: "Or" }, "en", "fr")).toBe("Or");
    expect(tierNameIn({ nameEn: "Gold", nameFr: null }, "fr", "fr")).toBe(
      "Gold",
    );
  });
});
