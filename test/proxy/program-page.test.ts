import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { action as redeemAction } from "~/routes/proxy.api.redemptions._index";
import { action, loader } from "~/routes/proxy._index";
import {
  moderateContentSubmission,
  submitContent,
} from "~/services/earn-actions.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import {
  saveProgramIdentity,
  switchProgram,
} from "~/services/program-identity.server";
import { saveProgramPageAppearance } from "~/services/program-page.server";
import { now as systemNow } from "~/clock.server";
import { appProxySignature } from "../../emulator/pages/app-proxy";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { addReward, givePoints, newKey } from "test/redemption-support";

const SHOP = "program-page.myshopify.com";
const CUSTOMER = "9101";
const SECRET = "test-api-secret";
const NNBSP = "\u202f";

/** A storefront request as Shopify's app proxy forwards it: its parameters added and signed. */
function proxyRequest(
  options: {
    customer?: string | null;
    locale?: string;
    secret?: string;
    form?: Record<string, string>;
    extra?: Record<string, string>;
  } = {},
) {
  const params = new URLSearchParams(options.extra);
  params.set("shop", SHOP);
  params.set(
    "logged_in_customer_id",
    options.customer === undefined ? CUSTOMER : (options.customer ?? ""),
  );
  params.set("path_prefix", "/apps/loyalty");
  params.set("timestamp", String(Math.floor(Date.now() / 1000)));
  if (options.locale) params.set("locale", options.locale);
  params.set("signature", appProxySignature(params, options.secret ?? SECRET));
  return new Request(`http://localhost:3999/proxy?${params}`, {
    method: options.form ? "POST" : "GET",
    headers: options.form
      ? { "Content-Type": "application/x-www-form-urlencoded" }
      : {},
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
}

const args = (request: Request) => ({ request, params: {}, context: {} });

async function page(options: Parameters<typeof proxyRequest>[0] = {}) {
  const response = await loader(args(proxyRequest(options)));
  return {
    status: response.status,
    type: response.headers.get("Content-Type"),
    body: await response.text(),
  };
}

async function post(
  form: Record<string, string>,
  options: Parameters<typeof proxyRequest>[0] = {},
) {
  const response = await action(args(proxyRequest({ ...options, form })));
  return {
    status: response.status,
    location: response.headers.get("Location") ?? "",
  };
}

let memberId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { currencyCode: "EUR" },
  });
  await prisma.earningRule.updateMany({
    where: { shopDomain: SHOP, type: "place_order" },
    data: {
      config: JSON.stringify({
        ...JSON.parse(
          (
            await prisma.earningRule.findFirstOrThrow({
              where: { shopDomain: SHOP, type: "place_order" },
            })
          ).config,
        ),
        earnPoints: 2,
      }),
    },
  });
  memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: CUSTOMER, firstName: "Ada" }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, 1000);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
  vi.restoreAllMocks();
});

describe("GET /apps/loyalty: the program page", () => {
  it("answers Liquid for the theme, and a guest reads the program with sign-in and create-account links", async () => {
    await addReward(SHOP, {
      name: { en: "€5 off", fr: "5 € de remise" },
      minimumSubtotal: 30000,
    });
    const guest = await page({ customer: null, locale: "en" });
    expect(guest.status).toBe(200);
    expect(guest.type).toMatch(/^application\/liquid/);
    expect(guest.body).toContain("Rewards program");
    expect(guest.body).toContain("2 points per euro spent");
    expect(guest.body).toContain("€5 off");
    expect(guest.body).toContain("On orders of €30 or more");
    expect(guest.body).toContain(
      `<a class="lp-btn lp-btn--ghost" href="{{ routes.account_login_url }}">Sign in</a>`,
    );
    expect(guest.body).toContain("{{ routes.account_register_url }}");
    expect(guest.body).not.toContain("data-lp-balance");

    const french = await page({ customer: null, locale: "fr-FR" });
    expect(french.body).toContain("2 points par euro dépensé");
    expect(french.body).toContain("5 € de remise");
    expect(french.body).toContain("Se connecter");
  });

  it("shows a member their balance, tier and progress to the next tier in their language", async () => {
    await prisma.tier.createMany({
      data: [
        { shopDomain: SHOP, nameEn: "Bronze", threshold: 0 },
        {
          shopDomain: SHOP,
          nameEn: "Gold",
          nameFr: "Or",
          threshold: 5000,
          earnMultiplier: 1.5,
        },
      ],
    });
    const { body } = await page({ locale: "fr" });
    expect(body).toContain("Bonjour Ada");
    expect(body).toContain(`1${NNBSP}000 points`);
    expect(body).toContain("Niveau : Bronze");
    expect(body).toContain(`Encore 5${NNBSP}000 points pour atteindre Or`);
    expect(body).toContain('role="progressbar"');
    expect(body).toContain("Commandes : points ×1,5");
    expect(body).not.toContain("{{ routes.account_login_url }}");
  });

  it("escapes merchant and shopper text as HTML and as Liquid", async () => {
    await addReward(SHOP, {
      name: { en: "{{ shop.secret }}<script>alert(1)</script>" },
      description: { en: "{% render 'x' %}" },
    });
    expect(
      await saveProgramPageAppearance(SHOP, {
        bannerUrl: "",
        accentColor: "#112233",
        accentText: "#ffffff",
        headline: { en: "Hi {{ customer.email }}" },
        intro: {},
        earnHeading: {},
      }),
    ).toMatchObject({ ok: true });
    await prisma.member.update({
      where: { id: memberId },
      data: { firstName: "<b>{{x}}</b>" },
    });
    const { body } = await page({ locale: "en" });
    expect(body).not.toContain("{{ shop");
    expect(body).not.toContain("{{ customer");
    expect(body).not.toContain("{%");
    expect(body).not.toContain("{{x");
    expect(body).not.toContain("<script>alert");
    expect(body).not.toContain("<b>");
    expect(body).toContain("&#123;&#123; shop.secret &#125;&#125;");
    expect(body).toContain("--lp-accent:#112233");
  });

  it("says the program is not available while it is off, and lists nothing", async () => {
    await addReward(SHOP);
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { active: false },
    });
    const { status, body } = await page({ locale: "en" });
    expect(status).toBe(200);
    expect(body).toContain("The rewards program is not available");
    expect(body).not.toContain("$5 off");
    expect(body).not.toContain("data-lp-balance");
  });

  it("shows the merchant's program name and points names, and disappears when the program is switched off", async () => {
    const actor = { id: "staff-1", name: "Camille" };
    await saveProgramIdentity(
      SHOP,
      {
        name: "Club Lune",
        pointsNames: {
          en: { one: "star", other: "stars" },
          fr: { one: "étoile", other: "étoiles" },
        },
        pointsIcon: "star",
        comingSoonText: { en: "Back in spring!" },
      },
      actor,
      systemNow(),
    );
    await prisma.tier.createMany({
      data: [
        { shopDomain: SHOP, nameEn: "Bronze", threshold: 0 },
        {
          shopDomain: SHOP,
          nameEn: "Gold",
          nameFr: "Or",
          threshold: 5000,
          earnMultiplier: 2,
          entryBonus: 1,
        },
      ],
    });
    const french = await page({ locale: "fr" });
    expect(french.body).toContain("Club Lune");
    expect(french.body).toContain(`1${NNBSP}000\u00a0étoiles`);
    // The rate and tier sentences speak the merchant's points name too.
    expect(french.body).toContain("2\u00a0étoiles par euro dépensé");
    expect(french.body).toContain(`À partir de 5${NNBSP}000\u00a0étoiles`);
    expect(french.body).toContain("Commandes : étoiles ×2");
    expect(french.body).toContain("1\u00a0étoile en bonus en y accédant");
    expect(french.body).toContain(
      `Encore 5${NNBSP}000\u00a0étoiles pour atteindre Or`,
    );
    expect(french.body).not.toMatch(/\d points/);
    const english = await page({ locale: "en" });
    expect(english.body).toContain("1,000\u00a0stars");
    expect(english.body).toContain("2\u00a0stars per euro spent");
    expect(english.body).toContain("From 5,000\u00a0stars earned");
    expect(english.body).toContain("2× stars on orders");
    expect(english.body).toContain("5,000\u00a0stars more to reach Gold");

    await switchProgram(SHOP, false, actor, systemNow());
    const off = await page({ locale: "en" });
    expect(off.body).toContain("Back in spring!");
    expect(off.body).not.toContain("data-lp-balance");
    expect(off.body).not.toContain("stars");
    expect(await post({ intent: "birthday", month: "5", day: "4" })).toEqual(
      expect.objectContaining({
        location: expect.stringContaining("error=program_off"),
      }),
    );
  });

  it("refuses a request Shopify did not sign", async () => {
    expect((await page({ secret: "forged" })).status).toBe(401);
  });
});

describe("POST /apps/loyalty: the page's forms", () => {
  it("saves the birthday once, then shows it instead of the form", async () => {
    await saveEarningRule(SHOP, null, {
      type: "birthday",
      name: "Birthday",
      points: 50,
    });
    const saved = await post({ intent: "birthday", month: "3", day: "14" });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(
      "/apps/loyalty?locale=en&notice=birthday_saved#earn",
    );
    expect(
      await prisma.member.findUniqueOrThrow({ where: { id: memberId } }),
    ).toMatchObject({ birthdayMonth: 3, birthdayDay: 14 });
    const { body } = await page({
      locale: "en",
      extra: { notice: "birthday_saved" },
    });
    expect(body).toContain("Your birthday is saved.");
    expect(body).toContain("Your birthday: March 14");
    expect(body).not.toContain('name="month"');

    expect(
      (await post({ intent: "birthday", month: "2", day: "30" })).location,
    ).toContain("error=invalid_date");
  });

  it("claims a follow once per network, on trust", async () => {
    const rule = await saveEarningRule(SHOP, null, {
      type: "social",
      name: "Follow us on Instagram",
      points: 25,
      network: "instagram",
      action: "follow",
      url: "https://instagram.com/shop",
    });
    if (!rule.ok) throw new Error("rule not saved");
    const before = await page({ locale: "en" });
    expect(before.body).toContain('href="https://instagram.com/shop"');
    expect(before.body).toContain("I did it: get my points");

    const form = { intent: "social", ruleId: rule.value.id };
    expect((await post(form)).location).toContain("notice=social_claimed");
    expect((await post(form)).location).toContain("notice=social_duplicate");
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
        .balance,
    ).toBe(1025);
    expect((await page({ locale: "en" })).body).toContain("Points received");
  });

  it("sends content for moderation and shows the shop's answer", async () => {
    const rule = await saveEarningRule(SHOP, null, {
      type: "content_mission",
      name: "Show your setup",
      points: 40,
      instructions: "A photo of your setup",
      submission: "url",
    });
    if (!rule.ok) throw new Error("rule not saved");
    const sent = await post({
      intent: "content",
      ruleId: rule.value.id,
      content: "https://example.com/photo.jpg",
    });
    expect(sent.location).toContain("notice=content_sent");
    expect((await page({ locale: "fr" })).body).toContain("En attente");

    const submission = await prisma.contentSubmission.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    await moderateContentSubmission(SHOP, submission.id, {
      decision: "reject",
      message: "Photo floue",
    });
    const rejected = (await page({ locale: "fr" })).body;
    expect(rejected).toContain("Refusée");
    expect(rejected).toContain("Message de la boutique : Photo floue");
    // Refused: a new submission may be sent.
    expect(rejected).toContain('name="content"');

    await submitContent(
      SHOP,
      CUSTOMER,
      rule.value.id,
      "https://example.com/2.jpg",
    );
    expect(
      (
        await post({
          intent: "content",
          ruleId: rule.value.id,
          content: "https://example.com/3.jpg",
        })
      ).location,
    ).toContain("error=already_pending");
  });

  it("sends a guest back with the sign-in error, in their language", async () => {
    const guest = await post(
      { intent: "birthday", month: "3", day: "14" },
      { customer: null, locale: "fr" },
    );
    expect(guest.location).toBe("/apps/loyalty?locale=fr&error=not_logged_in");
    const { body } = await page({
      customer: null,
      locale: "fr",
      extra: { error: "not_logged_in" },
    });
    expect(body).toContain("Connectez-vous pour voir vos points.");
    // An error code the app does not know is not echoed.
    expect(
      (
        await page({
          customer: null,
          locale: "en",
          extra: { error: "<img src=x>" },
        })
      ).body,
    ).not.toContain('class="lp-notice');
  });
});

describe("redemption errors a shopper reads", () => {
  it("come in the shopper's language", async () => {
    const reward = await addReward(SHOP, { stock: 1 });
    await prisma.reward.update({
      where: { id: reward.id },
      data: { redeemedCount: 1 },
    });
    const params = new URLSearchParams({
      shop: SHOP,
      logged_in_customer_id: CUSTOMER,
      path_prefix: "/apps/loyalty",
      timestamp: String(Math.floor(Date.now() / 1000)),
      locale: "fr",
    });
    params.set("signature", appProxySignature(params, SECRET));
    const response = await redeemAction(
      args(
        new Request(`http://localhost:3999/proxy/api/redemptions?${params}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            rewardId: reward.id,
            idempotencyKey: newKey(),
          }),
        }),
      ),
    );
    expect(response.status).toBe(410);
    expect(await response.json()).toEqual({
      error: { code: "sold_out", message: "Cette récompense est épuisée." },
    });
  });
});
