import { describe, expect, it } from "vitest";

import { earningRuleName, isDefaultRuleName } from "~/i18n/earning-rule-name";
import { t } from "~/i18n/translate";

const inFrench = (key: Parameters<typeof t>[1]) => t("fr", key);
const inEnglish = (key: Parameters<typeof t>[1]) => t("en", key);

describe("earningRuleName", () => {
  it("shows the install's default order rule in the reader's language", () => {
    const rule = { type: "place_order" as const, name: "Place an order" };
    expect(earningRuleName(rule, inFrench)).toBe("Passer une commande");
    expect(earningRuleName(rule, inEnglish)).toBe("Place an order");
  });

  it("translates a default name created in French for an English reader", () => {
    expect(
      earningRuleName({ type: "birthday", name: "Anniversaire" }, inEnglish),
    ).toBe("Birthday");
    expect(
      earningRuleName({ type: "birthday", name: "Anniversaire" }, inFrench),
    ).toBe("Anniversaire");
  });

  it("shows a rule stored without a name as its type, in the reader's language", () => {
    const rule = { type: "birthday" as const, name: "" };
    expect(isDefaultRuleName("birthday", "  ")).toBe(true);
    expect(earningRuleName(rule, inFrench)).toBe("Anniversaire");
    expect(earningRuleName(rule, inEnglish)).toBe("Birthday");
  });

  it("keeps a name the merchant typed, in every language", () => {
    const rule = { type: "place_order" as const, name: "Shop with us" };
    expect(earningRuleName(rule, inFrench)).toBe("Shop with us");
    expect(earningRuleName(rule, inEnglish)).toBe("Shop with us");
    expect(isDefaultRuleName("place_order", "Place an order!")).toBe(false);
  });

  it("only treats a type's own label as its default", () => {
    expect(isDefaultRuleName("birthday", "Place an order")).toBe(false);
    expect(
      earningRuleName({ type: "birthday", name: "Place an order" }, inFrench),
    ).toBe("Place an order");
  });
});
