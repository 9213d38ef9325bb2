import fs from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";

// The points-balance block rendered the way a theme renders it: the block's settings, the
// shopper's locale file, and the customer's mirrored $app:loyalty metafields.
const EXTENSION = path.resolve("extensions/loyalty-widget");

function render(
  locale: "en" | "fr",
  settings: Record<string, unknown>,
  customer: Record<string, unknown> | null,
  block = "points-balance.liquid",
) {
  const strings = JSON.parse(
    fs.readFileSync(
      path.join(
        EXTENSION,
        "locales",
        locale === "en" ? "en.default.json" : "fr.json",
      ),
      "utf8",
    ),
  );
  const engine = new Liquid();
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const params = Object.fromEntries(
      args.filter(Array.isArray) as [string, unknown][],
    );
    let value = key
      .split(".")
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown>)?.[part],
        strings,
      );
    if (value && typeof value === "object")
      value = (value as Record<string, string>)[
        params.count === 1 ? "one" : "other"
      ];
    return String(value ?? `missing ${key}`).replace(
      /\{\{\s*(\w+)\s*\}\}/g,
      (_, name: string) => String(params[name] ?? ""),
    );
  });
  const source = fs
    .readFileSync(path.join(EXTENSION, "blocks", block), "utf8")
    .replace(/{% schema %}[\s\S]*{% endschema %}/, "");
  return engine.parseAndRenderSync(source, {
    block: { settings },
    customer,
    routes: { account_login_url: "/account/login" },
  });
}

const customer = {
  metafields: {
    "$app:loyalty": { points: { value: 72 }, tier: { value: "Or" } },
  },
};

describe("the points-balance block", () => {
  it("shows the mirrored balance and tier in the shopper's language, with a translated heading when none is set", () => {
    const fr = render("fr", { heading: "", show_open_button: false }, customer);
    expect(fr).toMatch(/<p class="loyalty-balance__heading">Récompenses<\/p>/);
    expect(fr).toContain("Vous avez 72 points");
    expect(fr).toContain("Statut : Or");

    const en = render("en", { heading: "", show_open_button: false }, customer);
    expect(en).toMatch(/<p class="loyalty-balance__heading">Rewards<\/p>/);
    expect(en).toContain("You have 72 points");
  });

  it("keeps the heading the merchant typed, and asks a guest to sign in", () => {
    const html = render(
      "fr",
      { heading: "Mes avantages", show_open_button: false },
      null,
    );
    expect(html).toMatch(
      /<p class="loyalty-balance__heading">Mes avantages<\/p>/,
    );
    expect(html).toContain("Connectez-vous pour voir vos points");
    expect(html).not.toContain("Vous avez");
  });

  // The `t` above escapes nothing, so only the blocks' own `| escape` stands between a name and
  // the page (Shopify escapes values for keys not ending in _html; these keys do end in _html).
  it("renders a tier name or a shopper's first name as text, never as markup", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const shopper = {
      first_name: hostile,
      metafields: {
        "$app:loyalty": { points: { value: 5 }, tier: { value: hostile } },
      },
    };
    for (const block of ["points-balance.liquid", "loyalty-launcher.liquid"]) {
      const html = render(
        "en",
        { heading: "", show_open_button: false },
        shopper,
        block,
      );
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html).not.toContain("<img src=x");
    }
  });
});
