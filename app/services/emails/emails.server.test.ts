import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";

import prisma from "~/db.server";
import { redactMember } from "~/models/member.server";
import {
  redactMemberEmails,
  saveEmailSettings,
  saveEmailTemplate,
} from "~/models/member-email.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { inTransaction } from "~/models/transaction.server";
import { adjustMemberPoints } from "~/services/adjustments.server";
import { redactCustomer } from "~/services/compliance.server";
import {
  createEmailDelivery,
  type EmailDeliveryOptions,
} from "~/services/emails/delivery.server";
import {
  unsubscribeMember,
  unsubscribeUrl,
} from "~/services/emails/unsubscribe.server";
import { installShop } from "~/services/install.server";
import { saveProgramIdentity } from "~/services/program-identity.server";
import { emailVariables, sampleEmailFacts } from "~/emails/variables";
import { enrollCustomer } from "~/services/members.server";
import { createReward } from "~/services/rewards.server";
import {
  checkTemplate,
  loadEmailsPage,
  restoreDefaultTemplate,
  saveTemplate,
} from "~/services/emails/admin.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { buildCustomerFacts, buildOrderFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { now as systemNow } from "~/clock.server";
import { untilASessionWaitsOnALock } from "test/postgres-lock-waits";
import { startTestSmtpServer, type TestSmtpServer } from "test/smtp-server";

const SHOP = "emails-test.myshopify.com";
const SECRET = "test-api-secret";
const APP_URL = "http://localhost:3999";
let smtp: TestSmtpServer;
// The services stamp events with the real time (no injected clock yet): the worker's clock starts there.
let base = systemNow();
let clock = base;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { name: "Maison Lune" },
  });
  smtp.received.length = 0;
  smtp.rejectRecipients.clear();
  smtp.failNext = 0;
  base = new Date(systemNow().getTime() + 1_000);
  clock = base;
});
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

function delivery(overrides: Partial<EmailDeliveryOptions> = {}) {
  return createEmailDelivery({
    transport: smtp.transport(),
    from: "loyalty@maison-lune.test",
    appUrl: APP_URL,
    secret: SECRET,
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
}

/** Drains until nothing is due now (later retries wait for the clock). */
async function drain(overrides: Partial<EmailDeliveryOptions> = {}) {
  const worker = delivery(overrides);
  for (;;) if ((await worker.drainOnce()).claimed === 0) return;
}

function emails() {
  return prisma.memberEmail.findMany({ orderBy: { createdAt: "asc" } });
}

async function enroll(
  overrides: Parameters<typeof buildCustomerFacts>[0] = {},
) {
  return (await enrollCustomer(SHOP, buildCustomerFacts(overrides))).memberId!;
}

describe("emails to members through a real SMTP server", () => {
  it("welcomes a member in their Shopify language, with one-click unsubscribe headers", async () => {
    const memberId = await enroll({ locale: "fr-CA", firstName: "Camille" });
    await drain();
    expect(smtp.received).toHaveLength(1);
    const [email] = smtp.received;
    expect(email.to).toEqual(["ada@example.com"]);
    expect(email.headers.subject).toBe("Bienvenue dans Maison Lune");
    expect(email.text).toContain("Bonjour Camille,");
    expect(email.html).toContain("Bonjour Camille,");
    expect(email.headers["list-unsubscribe"]).toBe(
      `<${unsubscribeUrl(APP_URL, memberId, SECRET)}>`,
    );
    expect(email.headers["list-unsubscribe-post"]).toBe(
      "List-Unsubscribe=One-Click",
    );
    expect((await emails())[0]).toMatchObject({
      status: "sent",
      kind: "welcome",
    });
  });

  it("uses the program's name and points names, singular and plural per language", async () => {
    await saveProgramIdentity(
      SHOP,
      {
        name: "Club Lune",
        pointsNames: { fr: { one: "étoile", other: "étoiles" } },
        pointsIcon: "star",
        comingSoonText: {},
      },
      { id: null, name: null },
      systemNow(),
    );
    await enroll({ locale: "fr-CA", firstName: "Camille" });
    await drain();
    expect(smtp.received[0].headers.subject).toBe("Bienvenue dans Club Lune");

    const program = {
      name: "Club Lune",
      pointsNames: { fr: { one: "étoile", other: "étoiles" } },
    };
    const sample = sampleEmailFacts(
      "points_earned",
      "Maison Lune",
      "UTC",
      program,
    );
    const fr = emailVariables("fr", { points: 1, balance: 620 }, sample.send);
    expect(fr).toMatchObject({
      program_name: "Club Lune",
      points_name: "étoile",
      points_name_plural: "étoiles",
      points_word: "étoile",
    });
    expect(String(fr.balance_label)).toMatch(/^620\s+étoiles$/u);
    // English has no name of its own: the app's words.
    expect(emailVariables("en", { points: 2 }, sample.send)).toMatchObject({
      program_name: "Club Lune",
      points_word: "points",
    });
  });

  it("falls back to the shop's primary language (Shopify's shopLocales), then English", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "fr" },
    });
    await enroll({ customerId: "c-unknown", locale: null });
    await enroll({
      customerId: "c-german",
      locale: "de",
      email: "de@example.com",
    });
    await drain();
    expect(smtp.received.map((e) => e.headers.subject)).toEqual([
      "Bienvenue dans Maison Lune",
      "Bienvenue dans Maison Lune",
    ]);
    // A primary language with no text (Japanese): English.
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "ja" },
    });
    await enroll({
      customerId: "c-other",
      locale: null,
      email: "other@example.com",
    });
    await drain();
    expect(smtp.received.at(-1)?.headers.subject).toBe(
      "Welcome to Maison Lune",
    );
  });

  it("sends a language the merchant added to members who speak it, and the primary language to others until it is removed", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "fr", publishedLocales: '["fr","en","es"]' },
    });
    const checked = checkTemplate({
      kind: "welcome",
      locale: "es",
      subject: "Bienvenido a {{ shop_name }}",
      body: "Hola {{ first_name }}",
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    await saveTemplate(SHOP, checked.template);
    const page = await loadEmailsPage(SHOP);
    expect(page.primaryLanguage).toBe("fr");
    expect(page.shopLanguages).toEqual(["fr", "en", "es"]);
    const welcome = page.emails.find((e) => e.kind === "welcome")!;
    expect(
      welcome.templates.map((t) => [t.locale, t.shipped, t.edited]),
    ).toEqual([
      ["en", true, false],
      ["fr", true, false],
      ["es", false, true],
    ]);
    // Only the welcome email has Spanish.
    expect(
      page.emails
        .find((e) => e.kind === "points_earned")!
        .templates.map((t) => t.locale),
    ).toEqual(["en", "fr"]);

    await enroll({
      customerId: "c-es",
      locale: "es-MX",
      email: "es@example.com",
    });
    await enroll({ customerId: "c-de", locale: "de", email: "de@example.com" });
    await drain();
    expect(
      Object.fromEntries(
        smtp.received.map((e) => [e.to[0], e.headers.subject]),
      ),
    ).toEqual({
      "es@example.com": "Bienvenido a Maison Lune",
      "de@example.com": "Bienvenue dans Maison Lune",
    });

    await restoreDefaultTemplate(SHOP, "welcome", "es");
    await enroll({
      customerId: "c-es-2",
      locale: "es",
      email: "es2@example.com",
    });
    await drain();
    expect(smtp.received.at(-1)?.headers.subject).toBe(
      "Bienvenue dans Maison Lune",
    );
  });

  it("refuses a language code that is not two or three letters", () => {
    expect(
      checkTemplate({
        kind: "welcome",
        locale: "es-MX<script>",
        subject: "x",
        body: "y",
      }).ok,
    ).toBe(false);
  });

  it("escapes HTML typed by the customer and the merchant, and renders a missing variable empty", async () => {
    await saveEmailTemplate(prisma, SHOP, {
      kind: "welcome",
      locale: "en",
      subject: "Hello {{ first_name }}{{ no_such_variable }}!",
      body: "<b>Bold?</b> {{ first_name }}[{{ no_such_variable }}]",
    });
    await enroll({ firstName: "<script>alert(1)</script>" });
    await drain();
    const [email] = smtp.received;
    expect(email.headers.subject).toBe("Hello <script>alert(1)</script>!");
    expect(email.html).toContain(
      "&lt;b&gt;Bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;[]",
    );
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>");
    expect(email.text).toContain("<b>Bold?</b> <script>alert(1)</script>[]");
  });

  it("sends nothing for a switched-off email", async () => {
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false }),
    });
    await enroll();
    await drain();
    expect(smtp.received).toHaveLength(0);
    expect(await emails()).toHaveLength(0);
  });

  it("sends one points-earned email for duplicate order webhooks", async () => {
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false }),
    });
    await enroll();
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await drain();
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await drain();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].headers.subject).toBe("You earned 100 points");
    expect(smtp.received[0].text).toContain("(#1001)");
  });

  it("a retroactive run's credits make one digest email per member", async () => {
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false }),
    });
    await enroll();
    for (const orderId of ["2001", "2002", "2003"])
      await awardPointsForOrder(SHOP, buildOrderFacts({ orderId }), {
        digest: true,
      });
    await drain();
    expect(smtp.received).toHaveLength(0);
    clock = new Date(base.getTime() + 11 * 60_000);
    await drain();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].headers.subject).toBe("You earned 300 points");
  });

  it("never sends twice when the worker dies between SMTP's acceptance and the record", async () => {
    await enroll();
    await expect(
      drain({
        afterSmtpAccepted: () => Promise.reject(new Error("worker killed")),
      }),
    ).rejects.toThrow("worker killed");
    expect(smtp.received).toHaveLength(1);
    expect((await emails())[0].status).toBe("sending");
    // Another worker, after the dead one's lease: the email is not handed to SMTP again.
    clock = new Date(base.getTime() + 3 * 60_000);
    await drain();
    expect(smtp.received).toHaveLength(1);
    const [row] = await emails();
    expect(row.status).toBe("uncertain");
    expect(row.messageId).toMatch(/^<[0-9a-f]{32}@localhost>$/);
    expect(smtp.received[0].headers["message-id"]).toBe(row.messageId);
  });

  it("retries a temporary SMTP refusal with backoff, then records a permanent one without retrying", async () => {
    await enroll();
    smtp.failNext = 1;
    await drain();
    let [row] = await emails();
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toContain("451");
    expect(row.runAfter.getTime()).toBeGreaterThan(clock.getTime());
    clock = new Date(row.runAfter.getTime());
    await drain();
    expect(smtp.received).toHaveLength(1);
    expect((await emails())[0].status).toBe("sent");

    smtp.rejectRecipients.add("gone@example.com");
    await enroll({ customerId: "cust-gone", email: "gone@example.com" });
    await drain();
    row = (await emails())[1];
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("550");
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    await drain();
    expect((await emails())[1].status).toBe("failed");
    expect(smtp.received).toHaveLength(1);
  });

  it("gives up after repeated temporary failures", async () => {
    await enroll();
    smtp.failNext = 100;
    for (let round = 0; round < 10; round += 1) {
      await drain();
      clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    }
    const [row] = await emails();
    expect(row).toMatchObject({ status: "failed", attempts: 6 });
  });

  it("honours a signed unsubscribe link and refuses a forged one", async () => {
    const memberId = await enroll();
    const other = await enroll({
      customerId: "cust-2",
      email: "bob@example.com",
    });
    const token = new URL(
      unsubscribeUrl(APP_URL, memberId, SECRET),
    ).searchParams.get("t")!;
    expect(
      (
        await unsubscribeMember(
          { memberId: other, token },
          { secret: SECRET, now: clock },
        )
      ).outcome,
    ).toBe("invalid");
    expect(
      (
        await unsubscribeMember(
          { memberId, token },
          { secret: SECRET, now: clock },
        )
      ).outcome,
    ).toBe("unsubscribed");
    await drain();
    expect(smtp.received.map((e) => e.to[0])).toEqual(["bob@example.com"]);
    await adjustMemberPoints(SHOP, memberId, {
      direction: "add",
      points: 5,
      description: "Thanks",
      idempotencyKey: "adjust-key-1",
      notifyCustomer: true,
    });
    await drain();
    expect(smtp.received).toHaveLength(1);
  });

  it("unlocks a reward at the member's tier cost, as redemption prices it, with its value in the member's language and the shop's currency", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { currencyCode: "EUR" },
    });
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false, balance_adjusted: false }),
    });
    await saveEmailTemplate(prisma, SHOP, {
      kind: "reward_unlocked",
      locale: "fr",
      subject:
        "{{ reward_name }} : {{ reward_value }} pour {{ reward_cost_label }}",
      body: "{{ reward_value }}",
    });
    await saveEmailTemplate(prisma, SHOP, {
      kind: "reward_unlocked",
      locale: "en",
      subject:
        "{{ reward_name }}: {{ reward_value }} for {{ reward_cost_label }}",
      body: "{{ reward_value }}",
    });
    const gold = await prisma.tier.create({
      data: { shopDomain: SHOP, nameEn: "Gold", threshold: 1_000_000 },
    });
    const silver = await prisma.tier.create({
      data: { shopDomain: SHOP, nameEn: "Silver", threshold: 500_000 },
    });
    const created = await Promise.all(
      [
        {
          type: "fixed_amount_off",
          name: { en: "€5 off", fr: "5 € de réduction" },
          pointsCost: 500,
          amount: 5_000,
          tierCosts: [{ tierId: gold.id, pointsCost: 80 }],
        },
        {
          type: "percentage_off",
          name: { en: "10% off", fr: "10 % de réduction" },
          pointsCost: 90,
          percentage: 10,
          visibleToTiers: [silver.id],
        },
        {
          type: "free_shipping",
          name: { en: "Free shipping", fr: "Livraison offerte" },
          pointsCost: 60,
        },
      ].map((reward) => createReward(SHOP, reward)),
    );
    expect(created.map((r) => r.outcome)).toEqual(["saved", "saved", "saved"]);
    const fr = await enroll({ locale: "fr", firstName: "Camille" });
    const en = await enroll({
      customerId: "c-en",
      locale: "en",
      email: "en@example.com",
    });
    for (const memberId of [fr, en])
      await prisma.memberTier.create({
        data: { memberId, shopDomain: SHOP, tierId: gold.id },
      });
    for (const memberId of [fr, en])
      await adjustMemberPoints(SHOP, memberId, {
        direction: "add",
        points: 100,
        description: "Bonus",
        idempotencyKey: `unlock-${memberId}`,
        notifyCustomer: true,
      });
    await drain();
    // Gold pays 80 for the €5 off (500 by default): unlocked at 100. The 10% off is for Silver
    // only: never unlocked for a Gold member.
    const subjects = smtp.received.map((e) => e.headers.subject).sort();
    expect(subjects).toEqual([
      "5 € de réduction : 5,00 € pour 80 points",
      "Free shipping: Free shipping for 60 points",
      "Livraison offerte : Livraison offerte pour 60 points",
      "€5 off: €5.00 for 80 points",
    ]);
  });

  it("sends nothing to a redacted member and keeps no event data", async () => {
    await enroll();
    await redactCustomer(SHOP, "cust-1");
    await drain();
    expect(smtp.received).toHaveLength(0);
    const [row] = await emails();
    expect(row).toMatchObject({ status: "skipped", payload: "{}" });
  });

  it("queues no points-earned email for an order of a member who unsubscribed", async () => {
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false }),
    });
    const memberId = await enroll();
    await prisma.member.update({
      where: { id: memberId },
      data: { emailOptOutAt: base },
    });
    expect(
      (await awardPointsForOrder(SHOP, buildOrderFacts())).pointsAwarded,
    ).toBe(100);
    expect(await emails()).toHaveLength(0);
  });

  it.skipIf(!databaseTakesParallelWriters)(
    "on PostgreSQL, queues no email for an order that waited for the member while the customer's erasure committed",
    async () => {
      await saveEmailSettings(prisma, SHOP, {
        switches: JSON.stringify({ welcome: false }),
      });
      const memberId = await enroll();
      let locked!: () => void;
      const memberLocked = new Promise<void>((resolve) => (locked = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // The erasure holds the member's row (as customers/redact does) until the order waits for it.
      const erasure = inTransaction(async (tx) => {
        await redactMember(tx, memberId, base);
        locked();
        await released;
        await redactMemberEmails(tx, memberId, base);
      });
      await memberLocked;
      const order = awardPointsForOrder(SHOP, buildOrderFacts());
      await untilASessionWaitsOnALock(prisma);
      release();
      await erasure;
      await order;
      expect(await emails()).toHaveLength(0);
    },
  );

  it("records emails as not sent when no SMTP server is configured", async () => {
    await enroll();
    await drain({ transport: null });
    expect((await emails())[0]).toMatchObject({ status: "not_sent" });
    expect(
      await prisma.memberEmail.count({ where: { status: "queued" } }),
    ).toBe(0);
  });

  it("keeps a shop under its hourly limit: the rest wait, unsent", async () => {
    await saveEmailSettings(prisma, SHOP, { hourlyLimit: 2 });
    for (const n of [1, 2, 3])
      await enroll({ customerId: `c${n}`, email: `m${n}@example.com` });
    await drain();
    expect(smtp.received).toHaveLength(2);
    expect(
      await prisma.memberEmail.count({ where: { status: "queued" } }),
    ).toBe(1);
    clock = new Date(base.getTime() + 61 * 60_000);
    await drain();
    expect(smtp.received).toHaveLength(3);
  });

  it("tells the member about an adjustment only when the merchant asks", async () => {
    await saveEmailSettings(prisma, SHOP, {
      switches: JSON.stringify({ welcome: false }),
    });
    const memberId = await enroll({ locale: "fr" });
    const adjust = (key: string, notifyCustomer: boolean) =>
      adjustMemberPoints(SHOP, memberId, {
        direction: "add",
        points: 30,
        description: "Colis <en retard>",
        idempotencyKey: key,
        notifyCustomer,
      });
    await adjust("adjust-silent", false);
    await adjust("adjust-notify", true);
    await drain();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].text).toContain(
      "ajusté votre solde de +30 points : Colis <en retard>",
    );
    expect(smtp.received[0].html).toContain("Colis &lt;en retard&gt;");
  });
});
