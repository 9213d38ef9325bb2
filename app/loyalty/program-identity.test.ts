import { describe, expect, it } from "vitest";

import {
  formatPointsWith,
  parseIdentityForm,
  pointsNameFor,
  readStoredIdentity,
} from "~/loyalty/program-identity";

describe("program identity", () => {
  it("keeps both forms per language and falls back to the app's words", () => {
    const parsed = parseIdentityForm({
      name: "  Club Étoile ",
      pointsIcon: "star",
      pointsNames: { fr: { one: "étoile", other: "étoiles" } },
      comingSoonText: { fr: "Bientôt !", en: "  " },
    });
    expect(parsed).toEqual({
      ok: true,
      identity: {
        name: "Club Étoile",
        pointsIcon: "star",
        pointsNames: { fr: { one: "étoile", other: "étoiles" } },
        comingSoonText: { fr: "Bientôt !" },
      },
    });
    if (!parsed.ok) return;
    expect(pointsNameFor(parsed.identity, "fr-CA")).toEqual({
      one: "étoile",
      other: "étoiles",
    });
    expect(pointsNameFor(parsed.identity, "en")).toEqual({
      one: "point",
      other: "points",
    });
  });

  it("refuses half a name, a long name and an unknown icon, field by field", () => {
    const parsed = parseIdentityForm({
      name: "x".repeat(61),
      pointsIcon: "<svg>",
      pointsNames: { en: { one: "star", other: "" } },
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        name: "name_too_long",
        pointsIcon: "unknown_icon",
        "pointsNames.en.other": "points_name_incomplete",
      },
    });
  });

  it("uses the language's plural rules: French 0 and 1 are singular, English 0 is plural", () => {
    const name = { one: "étoile", other: "étoiles" };
    expect(formatPointsWith(name, 0, "fr")).toBe("0\u00a0étoile");
    expect(formatPointsWith(name, 1, "fr")).toBe("1\u00a0étoile");
    expect(formatPointsWith(name, 2, "fr")).toBe("2\u00a0étoiles");
    expect(formatPointsWith({ one: "star", other: "stars" }, 0, "en")).toBe(
      "0\u00a0stars",
    );
    expect(formatPointsWith({ one: "star", other: "stars" }, 1500, "en")).toBe(
      "1,500\u00a0stars",
    );
  });

  it("reads a damaged stored row as the defaults instead of failing", () => {
    expect(
      readStoredIdentity({
        name: "Club",
        pointsNames: "{not json",
        pointsIcon: "skull",
        comingSoonText: '{"fr": 3}',
      }),
    ).toEqual({
      name: "Club",
      pointsNames: {},
      pointsIcon: "star",
      comingSoonText: {},
    });
  });
});
