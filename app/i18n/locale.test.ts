import { describe, expect, it } from "vitest";

import { getLocale, matchLocale } from "~/i18n/locale";

function request(query: string, acceptLanguage?: string) {
  return new Request(`https://app.example/app${query}`, {
    headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {},
  });
}

describe("matchLocale", () => {
  it("keeps only the language of a regional tag", () => {
    expect(matchLocale("fr-CA")).toBe("fr");
    expect(matchLocale("fr_FR")).toBe("fr");
    expect(matchLocale("EN-gb")).toBe("en");
  });

  it("knows only English and French", () => {
    expect(matchLocale("de")).toBeNull();
    expect(matchLocale("")).toBeNull();
    expect(matchLocale(null)).toBeNull();
  });
});

describe("getLocale", () => {
  it("follows the admin's locale parameter first", () => {
    expect(getLocale(request("?locale=fr-CA", "en-US,en;q=0.9"))).toBe("fr");
    expect(getLocale(request("?locale=en", "fr-FR"))).toBe("en");
  });

  it("falls back to Accept-Language, by preference weight, when the admin's language is unsupported or absent", () => {
    expect(getLocale(request("?locale=de", "de-DE,fr;q=0.8,en;q=0.5"))).toBe(
      "fr",
    );
    expect(getLocale(request("", "de-DE, en;q=0.5, fr;q=0.8"))).toBe("fr");
    expect(getLocale(request("", "fr-CA"))).toBe("fr");
    expect(getLocale(request("", "fr;q=0, en"))).toBe("en");
  });

  it("speaks English when nothing matches", () => {
    expect(getLocale(request("", "de-DE,ja;q=0.9"))).toBe("en");
    expect(getLocale(request(""))).toBe("en");
    expect(getLocale(request("?locale=", "*"))).toBe("en");
  });
});
