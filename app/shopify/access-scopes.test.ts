import { describe, expect, it } from "vitest";

import {
  canIssueGiftCards,
  retroactiveDaysLimit,
  scopeList,
} from "~/shopify/access-scopes";

describe("optional scopes", () => {
  it("reads a session's scope string", () => {
    expect(scopeList(" read_orders, write_gift_cards ,")).toEqual([
      "read_orders",
      "write_gift_cards",
    ]);
    expect(scopeList(null)).toEqual([]);
  });

  it("offers gift cards only with write_gift_cards", () => {
    expect(canIssueGiftCards(["read_gift_cards", "write_discounts"])).toBe(
      false,
    );
    expect(canIssueGiftCards(["write_gift_cards"])).toBe(true);
  });

  it("reaches 60 days back without read_all_orders and 365 with it", () => {
    expect(retroactiveDaysLimit(["read_orders"])).toBe(60);
    expect(retroactiveDaysLimit(["read_orders", "read_all_orders"])).toBe(365);
  });
});
