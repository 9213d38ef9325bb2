/**
 * `npm run demo`: the whole app on localhost with no Shopify account.
 *
 * Prepares the SQLite database, builds the app, starts the local Shopify emulator and the app
 * (with its outbox worker), installs a demo shop through token exchange, seeds customers and
 * orders through real signed webhooks, prints the URLs, and stops cleanly on Ctrl-C. The app's
 * emails go to a local mail catcher (MailDev) whose web inbox is printed with the other URLs.
 */
import path from "node:path";

import { createCustomer } from "../emulator/store/customers";
import { placeOrder } from "../emulator/store/orders";
import { refundOrder } from "../emulator/store/refunds";
import { storeShop } from "../emulator/store/shop";
import { startDemoInbox } from "./demo-inbox";
import { buildApp, startStack } from "./stack";

const SHOP = process.env.DEMO_SHOP ?? "maison-dupont.myshopify.com";
const APP_PORT = Number(process.env.PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4000);
const DATABASE_FILE = path.resolve(
  process.env.DEMO_DATABASE ?? "data/demo.sqlite",
);

const CUSTOMERS: [string, string][] = [
  ["Camille", "Martin"],
  ["Léa", "Bernard"],
  ["Hugo", "Dubois"],
  ["Chloé", "Thomas"],
  ["Louis", "Robert"],
  ["Manon", "Richard"],
  ["Gabriel", "Petit"],
  ["Inès", "Durand"],
  ["Jules", "Leroy"],
  ["Zoé", "Moreau"],
  ["Arthur", "Simon"],
  ["Louise", "Laurent"],
  ["Raphaël", "Lefebvre"],
  ["Alice", "Michel"],
  ["Adam", "Garcia"],
  ["Emma", "David"],
  ["Paul", "Bertrand"],
  ["Jade", "Roux"],
  ["Nathan", "Vincent"],
  ["Lina", "Fournier"],
];

function slug(text: string) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

async function main() {
  const step = (text: string) => console.log(`\u2192 ${text}`);

  step("building the app");
  buildApp();

  step("starting a local SMTP server with a web inbox (MailDev)");
  const inbox = await startDemoInbox();

  step(
    `starting the emulator on :${EMULATOR_PORT} and the app on :${APP_PORT} (database ${path.relative(process.cwd(), DATABASE_FILE)})`,
  );
  const stack = await startStack({
    databaseFile: DATABASE_FILE,
    appPort: APP_PORT,
    emulatorPort: EMULATOR_PORT,
    appOutput: "inherit",
    extraAppEnv: {
      SMTP_URL: inbox.smtpUrl,
      SMTP_FROM: process.env.SMTP_FROM ?? "fidelite@maison-dupont.example",
    },
  }).catch(async (error: unknown) => {
    await inbox.stop();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the app, the emulator and the inbox…`);
    await stack.stop();
    await inbox.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const ctx = stack.emulator.ctx;
  storeShop(ctx, SHOP, {
    name: "Maison Dupont",
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
    primaryLocale: "fr",
    publishedLocales: ["en"],
  });

  step(`installing ${SHOP} through token exchange`);
  await stack.installShop(SHOP);

  step(
    `seeding ${CUSTOMERS.length} customers and a few orders through signed webhooks`,
  );
  const customerIds: number[] = [];
  for (const [firstName, lastName] of CUSTOMERS) {
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      firstName,
      lastName,
      email: `${slug(firstName)}.${slug(lastName)}@example.com`,
      verifiedEmail: true,
    });
    customerIds.push(customer.id);
  }
  const catalogue = [...ctx.state.shops.get(SHOP)!.products.values()];
  const beans = catalogue.find((p) => p.title === "Coffee beans")!.variants[0]
    .id;
  const mug = catalogue.find((p) => p.title === "Enamel mug")!.variants[0].id;
  const grinder = catalogue.find((p) => p.title === "Hand grinder")!.variants[0]
    .id;
  const tax = { rate: 0.2, included: true, title: "TVA" };

  await placeOrder(ctx, {
    shop: SHOP,
    customerId: customerIds[0],
    lines: [
      { variantId: beans, quantity: 2 },
      { variantId: mug, quantity: 1 },
    ],
    shipping: { price: "4.90" },
    tax,
  });
  await placeOrder(ctx, {
    shop: SHOP,
    customerId: customerIds[1],
    lines: [{ variantId: grinder, quantity: 1 }],
    discount: { code: "BIENVENUE10", type: "percentage", value: 10 },
    tax,
  });
  const refunded = await placeOrder(ctx, {
    shop: SHOP,
    customerId: customerIds[2],
    lines: [{ variantId: beans, quantity: 3 }],
    tax,
  });
  await placeOrder(ctx, {
    shop: SHOP,
    customerId: customerIds[3],
    lines: [{ variantId: mug, quantity: 4 }],
    shipping: { price: "4.90" },
    tax,
  });
  await placeOrder(ctx, {
    shop: SHOP,
    email: "invite@example.com",
    lines: [{ variantId: beans, quantity: 1 }],
    tax,
  });
  await refundOrder(ctx, {
    shop: SHOP,
    orderId: refunded.order.id,
    lines: [{ lineItemId: refunded.order.lineItems[0].id, quantity: 1 }],
  });

  step("adding a few rewards to the catalogue");
  await seedRewards();

  const admin = `${stack.emulatorUrl}/admin/${SHOP}`;
  console.log(`
Ready.

  Embedded admin     ${admin}
  Store simulator    ${stack.emulatorUrl}/store/${SHOP}
  Storefront         ${stack.emulatorUrl}/storefront/${SHOP}
  App (direct)       ${stack.appUrl}
  Email inbox        ${inbox.webUrl}   (SMTP ${inbox.smtpUrl})
  Command line       EMULATOR_URL=${stack.emulatorUrl} npm run store -- --help

Open the admin in Chromium, place an order for a customer in the store simulator, and watch their
balance change; the emails the app sends arrive in the inbox. Ctrl-C stops everything.
`);
}

/** A small catalogue, created through the app's own service (and its validation), as the admin would. */
async function seedRewards() {
  Object.assign(process.env, {
    DATABASE_URL: `file:${DATABASE_FILE}`,
    SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "demo-api-key",
    SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "demo-api-secret",
    SHOPIFY_APP_URL: `http://localhost:${APP_PORT}`,
    LOYALTY_WORKER: "off",
  });
  const { createReward } = await import("../app/services/rewards.server");
  const rewards = [
    {
      type: "fixed_amount_off",
      name: { en: "€5 off your order", fr: "5 € de réduction" },
      pointsCost: 50,
      amount: 5_000,
    },
    {
      type: "free_shipping",
      name: { en: "Free shipping", fr: "Livraison offerte" },
      pointsCost: 30,
    },
    {
      type: "percentage_off",
      name: { en: "10% off", fr: "10 % de réduction" },
      pointsCost: 120,
      percentage: 10,
    },
    {
      type: "points_slider",
      name: { en: "Spend your points", fr: "Utilisez vos points" },
      description: {
        en: "Every 10 points is €1 off.",
        fr: "Chaque tranche de 10 points vaut 1 € de réduction.",
      },
      pointsStep: 10,
      valuePerStep: 1_000,
      minPoints: 10,
      maxPoints: 500,
    },
  ];
  for (const reward of rewards) {
    const saved = await createReward(SHOP, reward);
    if (saved.outcome !== "saved")
      throw new Error(`demo reward refused: ${JSON.stringify(saved)}`);
  }
  // VIP tiers named in both languages: French shoppers read "Argent"/"Or", not "Silver"/"Gold".
  const { applyTierSettings } = await import("../app/services/tiers.server");
  const { now } = await import("../app/clock.server");
  await applyTierSettings(
    SHOP,
    {
      basis: "points_earned",
      window: "lifetime",
      tiers: [
        { nameFr: "Argent", nameEn: "Silver", threshold: 100, entryBonus: 10 },
        {
          nameFr: "Or",
          nameEn: "Gold",
          threshold: 300,
          earnMultiplier: 1.5,
          entryBonus: 25,
        },
      ],
    },
    now(),
  );
}

main().catch((error: unknown) => {
  console.error(
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  process.exit(1);
});
