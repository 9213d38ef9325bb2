import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { type LoyaltyProgram, type RewardsPageAnswer } from "./loyalty-client";
import {
  chosenPoints,
  formatPoints,
  orderStatusMessage,
  profileBalanceMessage,
  REWARDS_PAGE_HREF,
  redemptionMessage,
  rewardsPageView,
  thankYouView,
  translatorFor,
} from "./views";

const EXTENSIONS = path.resolve(__dirname, "..");
function translator(extension: string, locale: "en.default" | "fr") {
  return translatorFor(
    JSON.parse(
      fs.readFileSync(
        path.join(EXTENSIONS, extension, "locales", `${locale}.json`),
        "utf8",
      ),
    ),
  );
}
const pageEn = translator("customer-account-rewards", "en.default");
const pageFr = translator("customer-account-rewards", "fr");
const pointsEn = translator("customer-account-points", "en.default");
const pointsFr = translator("customer-account-points", "fr");
const thanksEn = translator("thank-you-points", "en.default");
const thanksFr = translator("thank-you-points", "fr");

const program: LoyaltyProgram = {
  name: "Club Rivière",
  pointsName: { one: "étoile", other: "étoiles" },
  iconUrl: "https://app.example/program-icons/star.svg",
  active: true,
  comingSoon: null,
};

function pageAnswer(
  overrides: Partial<RewardsPageAnswer> = {},
): RewardsPageAnswer {
  return {
    program,
    me: {
      balance: 1250,
      pending: 40,
      tier: { name: "Or" },
      history: [
        {
          id: "e1",
          kind: "order_award",
          points: 120,
          description: "#1001",
          createdAt: "2026-03-02T10:00:00Z",
        },
        {
          id: "e2",
          kind: "redemption",
          points: -500,
          description: "5 € de remise",
          createdAt: "2026-03-03T10:00:00Z",
        },
        {
          id: "e3",
          kind: "something_new",
          points: 1,
          description: null,
          createdAt: "2026-03-04T10:00:00Z",
        },
      ],
      redemptions: [
        {
          id: "r1",
          rewardName: "5 € de remise",
          code: "LOYAL-ABC",
          status: "active",
          expiresAt: null,
          points: 500,
        },
        {
          id: "r2",
          rewardName: "Livraison offerte",
          code: "LOYAL-DEF",
          status: "used",
          expiresAt: null,
          points: 300,
        },
      ],
    },
    rewards: [
      {
        id: "w1",
        name: "5 € de remise",
        description: "Sur toute commande.",
        imageUrl: null,
        type: "fixed_amount",
        pointsCost: 500,
        slider: null,
        available: true,
        reason: null,
        minimumSubtotal: "30 €",
        conditions: ["Valable 30 jours"],
        lockedTo: null,
      },
      {
        id: "w2",
        name: "Mug",
        description: "",
        imageUrl: null,
        type: "free_product",
        pointsCost: 2000,
        slider: null,
        available: false,
        reason: "insufficient_points",
        minimumSubtotal: null,
        conditions: [],
        lockedTo: null,
      },
      {
        id: "w3",
        name: "Coffret",
        description: "",
        imageUrl: null,
        type: "free_product",
        pointsCost: 900,
        slider: null,
        available: false,
        reason: "tier_locked",
        minimumSubtotal: null,
        conditions: [],
        lockedTo: ["Platine"],
      },
      {
        id: "w4",
        name: "Sac",
        description: "",
        imageUrl: null,
        type: "free_product",
        pointsCost: 100,
        slider: null,
        available: false,
        reason: "sold_out",
        minimumSubtotal: null,
        conditions: [],
        lockedTo: null,
      },
    ],
    ...overrides,
  };
}

describe("the Rewards page", () => {
  it("reads the balance, pending points, tier, history, rewards and codes in the merchant's points name, in French", () => {
    const view = rewardsPageView(pageAnswer(), pageFr, "fr");
    expect(view.title).toBe("Club Rivière");
    expect(view.unavailable).toBeNull();
    expect(view.balance).toBe("Vous avez 1\u202f250 étoiles");
    expect(view.pending).toBe(
      "40 étoiles en attente, utilisables une fois vos commandes confirmées",
    );
    expect(view.tier).toBe("Votre niveau : Or");
    expect(view.history.map((row) => [row.label, row.points])).toEqual([
      ["Commande · #1001", "+120 étoiles"],
      ["Récompense · 5 € de remise", "−500 étoiles"],
      ["Points", "+1 étoile"],
    ]);
    expect(view.rewards.map((r) => [r.name, r.canRedeem, r.status])).toEqual([
      ["5 € de remise", true, null],
      ["Mug", false, "Il vous manque 750 étoiles"],
      ["Coffret", false, "Réservée aux membres Platine"],
      ["Sac", false, "Épuisée"],
    ]);
    expect(view.rewards[0].details).toEqual([
      "Pour les commandes de 30 € ou plus",
      "Valable 30 jours",
    ]);
    expect(view.codes).toEqual([
      expect.objectContaining({
        code: "LOYAL-ABC",
        status: "Prêt à l'emploi",
        copyable: true,
      }),
      expect.objectContaining({
        code: "LOYAL-DEF",
        status: "Utilisé",
        copyable: false,
      }),
    ]);
  });

  it("says only that the program is unavailable while it is off, with the merchant's words when given", () => {
    const off = rewardsPageView(
      pageAnswer({
        program: { ...program, active: false },
        me: null,
        rewards: [],
      }),
      pageEn,
      "en",
    );
    expect(off.unavailable).toBe(
      "The rewards program is not available right now.",
    );
    expect(off.rewards).toEqual([]);
    const soon = rewardsPageView(
      pageAnswer({
        program: { ...program, active: false, comingSoon: "Back in spring" },
        me: null,
      }),
      pageEn,
      "en",
    );
    expect(soon.unavailable).toBe("Back in spring");
  });

  it("turns a redemption's outcome into the code or a refusal in the customer's words", () => {
    expect(
      redemptionMessage(
        {
          ok: true,
          status: 201,
          data: {
            redemption: {
              id: "r",
              code: "LOYAL-XYZ",
              status: "pending",
              expiresAt: null,
              points: 500,
              rewardName: "$5 off",
            },
            balance: 750,
          },
        },
        pageEn,
        program.pointsName,
      ),
    ).toEqual({
      tone: "success",
      text: "$5 off: your code is ready",
      code: "LOYAL-XYZ",
    });
    expect(
      redemptionMessage(
        { ok: false, status: 409, code: "insufficient_points", message: null },
        pageEn,
        program.pointsName,
      ).text,
    ).toBe("You don't have enough étoiles for this reward.");
    expect(
      redemptionMessage(
        { ok: false, status: 500, code: "http_500", message: null },
        pageFr,
        program.pointsName,
      ).text,
    ).toBe("Cette récompense ne peut pas être échangée pour le moment.");
  });
});

describe("a points slider on the Rewards page", () => {
  const sliderReward = {
    id: "s1",
    name: "Remise au choix",
    description: "",
    imageUrl: null,
    type: "points_slider",
    pointsCost: 200,
    slider: { min: 200, max: 2000, step: 100 },
    available: true,
    reason: null,
    minimumSubtotal: null,
    conditions: [],
    lockedTo: null,
  };

  it("lets the customer choose from the minimum to what they hold, on the slider's steps", () => {
    const view = rewardsPageView(
      pageAnswer({ rewards: [sliderReward] }),
      pageFr,
      "fr",
    );
    const card = view.rewards[0];
    expect(card.cost).toBe("De 200 étoiles à 2\u202f000 étoiles");
    // 1 250 held: the top is the last whole step the customer can afford.
    expect(card.slider).toEqual({
      min: 200,
      max: 1200,
      step: 100,
      label: "Points à utiliser",
      hint: "De 200 étoiles à 1\u202f200 étoiles, par tranches de 100 étoiles",
    });
    expect(chosenPoints(card, "700")).toBe(700);
    expect(chosenPoints(card, 1200)).toBe(1200);
    expect(chosenPoints(card, undefined)).toBe(200);
    for (const off of ["100", "1300", "750", "7.5", "abc", 2000])
      expect(chosenPoints(card, off)).toBeNull();

    const fixed = rewardsPageView(pageAnswer(), pageEn, "en").rewards[0];
    expect(fixed.slider).toBeNull();
    expect(chosenPoints(fixed, "3")).toBe(500);

    const unaffordable = rewardsPageView(
      pageAnswer({
        rewards: [
          { ...sliderReward, available: false, reason: "insufficient_points" },
        ],
      }),
      pageEn,
      "en",
    ).rewards[0];
    expect(unaffordable.slider).toBeNull();
    expect(unaffordable.canRedeem).toBe(false);
  });

  it("says an amount off the slider was refused, in the customer's language", () => {
    const refused = {
      ok: false as const,
      status: 422,
      code: "invalid_points",
      message: null,
    };
    expect(redemptionMessage(refused, pageEn, program.pointsName).text).toBe(
      "This amount can't be used for this reward. Choose one within the range shown.",
    );
    expect(redemptionMessage(refused, pageFr, program.pointsName).text).toBe(
      "Ce montant ne peut pas être utilisé pour cette récompense. Choisissez-en un dans la plage indiquée.",
    );
  });
});

describe("the link from the profile block to the Rewards page", () => {
  it("names, with Shopify's extension:// protocol, the extension that holds the full-page target", () => {
    const [, handle] = /^extension:\/\/([a-z0-9-]+)$/.exec(REWARDS_PAGE_HREF)!;
    const toml = fs.readFileSync(
      path.join(EXTENSIONS, handle, "shopify.extension.toml"),
      "utf8",
    );
    expect(toml).toContain(`handle = "${handle}"`);
    expect(toml).toContain('target = "customer-account.page.render"');
    expect(
      fs.readFileSync(
        path.join(EXTENSIONS, "customer-account-points/src/ProfileBlock.tsx"),
        "utf8",
      ),
    ).not.toMatch(/href="extension:/);
  });
});

describe("the order-status and profile blocks", () => {
  it("says what the order earned, posted or pending, and nothing for an order without points", () => {
    const answer = { program, points: 120 };
    expect(
      orderStatusMessage({ ...answer, state: "posted" }, pointsEn, "en"),
    ).toBe("You earned 120 étoiles with this order");
    expect(
      orderStatusMessage({ ...answer, state: "pending" }, pointsFr, "fr"),
    ).toBe(
      "Vous avez gagné 120 étoiles avec cette commande, en attente de sa confirmation",
    );
    expect(
      orderStatusMessage(
        { ...answer, state: "none", points: 0 },
        pointsEn,
        "en",
      ),
    ).toBeNull();
    expect(
      orderStatusMessage(
        { program: { ...program, active: false }, state: "posted", points: 5 },
        pointsEn,
        "en",
      ),
    ).toBeNull();
  });

  it("shows the balance and tier on the profile", () => {
    expect(profileBalanceMessage(pageAnswer(), pointsEn, "en")).toEqual({
      heading: "Club Rivière",
      balance: "Balance: 1,250 étoiles",
      tier: "Tier: Or",
      link: {
        label: expect.any(String),
        href: "extension://customer-account-rewards",
      },
    });
    expect(
      profileBalanceMessage(pageAnswer(), pointsFr, "fr")?.link.label,
    ).not.toBe("profile.link");
    expect(
      profileBalanceMessage(pageAnswer({ me: null }), pointsEn, "en"),
    ).toBeNull();
  });
});

describe("the thank-you block", () => {
  it("tells a member what the order will earn and their balance", () => {
    expect(
      thankYouView(
        {
          program,
          customer: "member",
          state: "estimate",
          points: 42,
          balance: 1000,
        },
        thanksEn,
        "en",
        "https://shop.example",
      ),
    ).toEqual({
      heading: "Club Rivière",
      body: "This order should earn you about 42 étoiles. The exact number is set once the order is paid.",
      balance: "Your balance: 1,000 étoiles",
      join: null,
    });
  });

  it("calls a figure from the subtotal an estimate in French too, and a posted figure exact", () => {
    const member = {
      program,
      customer: "member" as const,
      points: 42,
      balance: null,
    };
    expect(
      thankYouView({ ...member, state: "estimate" }, thanksFr, "fr", null)
        ?.body,
    ).toBe(
      "Cette commande devrait vous rapporter environ 42 étoiles. Le nombre exact est fixé une fois la commande payée.",
    );
    expect(
      thankYouView({ ...member, state: "posted" }, thanksEn, "en", null)?.body,
    ).toBe("You earned 42 étoiles with this order");
  });

  it("invites a guest to join, with the storefront's sign-up link", () => {
    expect(
      thankYouView(
        {
          program,
          customer: "guest",
          state: "estimate",
          points: 1,
          balance: null,
        },
        thanksFr,
        "fr",
        "https://shop.example/",
      ),
    ).toEqual({
      heading: "Rejoignez Club Rivière",
      body: "Créez un compte pour gagner environ 1 étoile sur une commande comme celle-ci.",
      balance: null,
      join: {
        label: "Créer un compte",
        url: "https://shop.example/account/register",
      },
    });
  });

  it("shows nothing while the program is off or when nothing is earned", () => {
    const base = {
      customer: "member" as const,
      state: "estimate" as const,
      balance: 0,
    };
    expect(
      thankYouView({ ...base, program, points: 0 }, thanksEn, "en", null),
    ).toBeNull();
    expect(
      thankYouView(
        { ...base, program: { ...program, active: false }, points: 9 },
        thanksEn,
        "en",
        null,
      ),
    ).toBeNull();
  });
});

describe("formatting and locales", () => {
  it("picks the points name's plural form by the locale's rules", () => {
    const name = { one: "point", other: "points" };
    expect(formatPoints(1, name, "en")).toBe("1 point");
    expect(formatPoints(0, name, "en")).toBe("0 points");
    expect(formatPoints(0, name, "fr")).toBe("0 point");
  });

  it("has every English key in French for each extension", () => {
    const keys = (node: unknown, prefix = ""): string[] =>
      node && typeof node === "object"
        ? Object.entries(node).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix.slice(0, -1)];
    for (const extension of [
      "customer-account-rewards",
      "customer-account-points",
      "thank-you-points",
    ]) {
      const read = (file: string) =>
        JSON.parse(
          fs.readFileSync(
            path.join(EXTENSIONS, extension, "locales", file),
            "utf8",
          ),
        );
      expect(keys(read("fr.json")).sort()).toEqual(
        keys(read("en.default.json")).sort(),
      );
    }
  });
});
